package io.pushgateway.pipeline;

import static io.pushgateway.testsupport.BrokerProbe.header;
import static io.pushgateway.testsupport.BrokerProbe.withMessageId;
import static org.assertj.core.api.Assertions.assertThat;

import io.pushgateway.emulator.TargetKind;
import io.pushgateway.testsupport.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.amqp.core.Message;

/**
 * The second version's fields on the legacy protocol: topics and conditions are sent
 * ({@code to: /topics/...}, {@code condition}), dry runs are {@code dry_run}, and what the legacy
 * API has no room for (projects, installation ids, platform blocks) is refused as invalid.
 */
class LegacyTargetsEndToEndTest extends LegacyGatewayTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aTopicSendIsDeliveredOnceOnTheLegacyProtocol() {
        String topic = unique("legacy-news-");
        String id = unique("legacy-topic-");
        broker.publishRequest(TargetsEndToEndTest.request(id, "\"topic\":\"" + topic + "\""));

        Await.until("the topic delivered", WAIT, () -> emulator().stats().deliveries(topic) == 1);
        assertThat(emulator().stats().kindOf(topic)).contains(TargetKind.TOPIC);
        assertThat(broker.collect("push.dead", withMessageId(id), Duration.ofMillis(300))).isEmpty();
    }

    @Test
    void aConditionSendIsDeliveredOnceOnTheLegacyProtocol() {
        String condition = "'" + unique("a-") + "' in topics || '" + unique("b-") + "' in topics";
        broker.publishRequest(TargetsEndToEndTest.request(unique("legacy-cond-"), "\"condition\":\"" + condition + "\""));

        Await.until("the condition delivered", WAIT, () -> emulator().stats().deliveries(condition) == 1);
    }

    @Test
    void anInvalidTopicIsDeadLetteredOnTheLegacyProtocol() {
        String topic = unique("error-InvalidParameters-");
        String id = unique("legacy-topic-bad-");
        broker.publishRequest(TargetsEndToEndTest.request(id, "\"topic\":\"" + topic + "\""));

        Message dead = broker.await("push.dead", withMessageId(id), 1, WAIT).get(0);
        assertThat((String) header(dead, "x-push-error")).startsWith("fcm-");
        assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).contains(topic);
    }

    @Test
    void aDryRunIsValidatedAndNotDeliveredOnTheLegacyProtocol() {
        String token = unique("legacy-dry-");
        broker.publishRequest(TargetsEndToEndTest.request(unique("legacy-dry-req-"),
                "\"validate_only\":true,\"registration_tokens\":[\"" + token + "\"]"));

        Await.until("the token validated", WAIT, () -> emulator().stats().validations(token) == 1);
        assertThat(emulator().stats().deliveries(token)).isZero();
    }

    @Test
    void anAnalyticsLabelAloneIsDroppedAndTheRequestDelivered() {
        String token = unique("legacy-label-");
        broker.publishRequest(TargetsEndToEndTest.request(unique("legacy-label-req-"),
                "\"fcm_options\":{\"analytics_label\":\"x\"},\"registration_tokens\":[\"" + token + "\"]"));

        Await.until("delivery", WAIT, () -> emulator().stats().deliveries(token) == 1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a platform block | \"android\":{\"priority\":\"high\"},\"registration_tokens\":[\"a\"] | android",
            "a project | \"project\":\"second\",\"registration_tokens\":[\"a\"] | project",
            "installation ids | \"installation_ids\":[\"a\"] | installation_ids",
    })
    void refusesWhatTheLegacyApiCannotCarryAndKeepsConsuming(String name, String fields, String detailMentions) {
        String id = unique("legacy-invalid-");
        byte[] body = TargetsEndToEndTest.request(id, fields).getBytes(StandardCharsets.UTF_8);
        broker.publishRaw(body, id);

        Message dead = broker.await("push.dead", withMessageId(id), 1, WAIT).get(0);
        assertThat(header(dead, "x-push-error")).isEqualTo("invalid-request");
        assertThat((String) header(dead, "x-push-error-detail")).contains(detailMentions);
        assertThat(dead.getBody()).isEqualTo(body);

        String token = unique("legacy-after-invalid-");
        broker.publishRequest(TargetsEndToEndTest.request(unique("legacy-valid-"), "\"registration_tokens\":[\"" + token + "\"]"));
        Await.until("the next request delivered", WAIT, () -> emulator().stats().deliveries(token) == 1);
    }
}
