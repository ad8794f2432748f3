package io.pushgateway.pipeline;

import static io.pushgateway.testsupport.BrokerProbe.header;
import static io.pushgateway.testsupport.BrokerProbe.withMessageId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushgateway.emulator.TargetKind;
import io.pushgateway.testsupport.Await;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;

/**
 * Installation ids, topics and conditions on FCM v1, and dry runs, end to end: each target
 * reaches the emulator as its own v1 field and ends in its contract outcome.
 */
class TargetsEndToEndTest extends V1GatewayTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void sendsEveryInstallationIdToItsContractOutcomeWithFidAndUserInItsEvents() throws Exception {
        String id = unique("fid-rows-");
        Map<String, String> ids = Map.of(
                "u-ok", unique("fid-ok-"),
                "u-unreg", unique("error-UNREGISTERED-"),
                "u-sender", unique("error-SENDER_ID_MISMATCH-"),
                "u-badid", unique("error-INVALID_ARGUMENT-"),
                "u-payload", unique("error-INVALID_PAYLOAD-"),
                "u-flaky", unique("flaky1-"));
        broker.publishRequest(request(id, "\"installation_ids\":" + json.writeValueAsString(ids)));

        Map<String, JsonNode> deletes = byUser(broker.await("push.token.deletes", withMessageId(id), 3, WAIT));
        assertThat(deletes).containsOnlyKeys("u-unreg", "u-sender", "u-badid");
        assertThat(deletes.get("u-unreg").get("reason").asText()).isEqualTo("UNREGISTERED");
        assertThat(deletes.get("u-sender").get("reason").asText()).isEqualTo("SENDER_ID_MISMATCH");
        assertThat(deletes.get("u-badid").get("reason").asText()).isEqualTo("INVALID_ARGUMENT");
        for (Map.Entry<String, JsonNode> delete : deletes.entrySet()) {
            JsonNode event = delete.getValue();
            assertThat(event.get("fid").asText()).isEqualTo(ids.get(delete.getKey()));
            assertThat(event.has("token")).isFalse();
            assertThat(event.has("project")).isTrue();
            assertThat(event.get("project").isNull()).isTrue();
            assertThat(event.has("validate_only")).isFalse();
        }

        Message dead = broker.await("push.dead", withMessageId(id), 1, WAIT).get(0);
        assertThat(header(dead, "x-push-error")).isEqualTo("fcm-INVALID_ARGUMENT");
        JsonNode deadBody = json.readTree(dead.getBody());
        assertThat(deadBody.has("registration_tokens")).isFalse();
        assertThat(deadBody.get("installation_ids").properties()).hasSize(1);
        assertThat(deadBody.get("installation_ids").get("u-payload").asText()).isEqualTo(ids.get("u-payload"));

        Await.until("the flaky id delivered on its retry", WAIT, () -> emulator().stats().deliveries(ids.get("u-flaky")) == 1);
        assertThat(emulator().stats().attempts(ids.get("u-flaky"))).isEqualTo(2);
        assertThat(emulator().stats().deliveries(ids.get("u-ok"))).isEqualTo(1);
        assertThat(emulator().stats().kindOf(ids.get("u-ok"))).contains(TargetKind.FID);
        assertThat(emulator().lastMessageFor(ids.get("u-ok")).orElseThrow().has("token")).isFalse();
    }

    @Test
    void deadLettersAnInstallationIdThatFailsAtEveryLevelAsRetriesExhaustedKeepingItsField() throws Exception {
        String id = unique("fid-exhausted-");
        String fid = unique("error-UNAVAILABLE-");
        broker.publishRequest(request(id, "\"installation_ids\":[\"" + fid + "\"]"));

        Message dead = broker.await("push.dead", withMessageId(id), 1, WAIT).get(0);
        assertThat(header(dead, "x-push-error")).isEqualTo("retries-exhausted");
        assertThat(json.readTree(dead.getBody()).get("installation_ids").get(0).asText()).isEqualTo(fid);
    }

    @Test
    void aTopicSendIsDeliveredOnce() {
        String topic = unique("news-");
        String id = unique("topic-ok-");
        broker.publishRequest(request(id, "\"topic\":\"" + topic + "\""));

        Await.until("the topic delivered", WAIT, () -> emulator().stats().deliveries(topic) == 1);
        assertThat(emulator().stats().kindOf(topic)).contains(TargetKind.TOPIC);
        assertThat(emulator().lastMessageFor(topic).orElseThrow().get("topic").asText()).isEqualTo(topic);
        assertThat(broker.collect("push.dead", withMessageId(id), Duration.ofMillis(300))).isEmpty();
        assertThat(broker.collect("push.token.deletes", withMessageId(id), Duration.ofMillis(100))).isEmpty();
    }

    @Test
    void aTopicThatFailsOnceIsRetriedAndThenDelivered() {
        String topic = unique("flaky1-topic-");
        broker.publishRequest(request(unique("topic-flaky-"), "\"topic\":\"" + topic + "\""));

        Await.until("the topic delivered on its retry", WAIT, () -> emulator().stats().deliveries(topic) == 1);
        assertThat(emulator().stats().attempts(topic)).isEqualTo(2);
    }

    @Test
    void aTopicTheEmulatorCallsInvalidIsDeadLetteredWithTheTopicKept() throws Exception {
        String topic = unique("error-INVALID_ARGUMENT-");
        String id = unique("topic-bad-");
        broker.publishRequest(request(id, "\"topic\":\"" + topic + "\""));

        Message dead = broker.await("push.dead", withMessageId(id), 1, WAIT).get(0);
        assertThat(header(dead, "x-push-error")).isEqualTo("fcm-INVALID_ARGUMENT");
        assertThat(json.readTree(dead.getBody()).get("topic").asText()).isEqualTo(topic);
        assertThat(broker.collect("push.token.deletes", withMessageId(id), Duration.ofMillis(200))).isEmpty();
    }

    @Test
    void aTopicAnswerThatWouldDeleteATokenDeadLettersTheTopicInstead() throws Exception {
        String topic = unique("error-UNREGISTERED-");
        String id = unique("topic-unreg-");
        broker.publishRequest(request(id, "\"topic\":\"" + topic + "\""));

        Message dead = broker.await("push.dead", withMessageId(id), 1, WAIT).get(0);
        assertThat(header(dead, "x-push-error")).isEqualTo("fcm-UNREGISTERED");
        assertThat(broker.collect("push.token.deletes", withMessageId(id), Duration.ofMillis(200))).isEmpty();
    }

    @Test
    void aConditionSendIsDeliveredOnce() {
        String condition = "'" + unique("sport-") + "' in topics && '" + unique("local-") + "' in topics";
        String id = unique("cond-ok-");
        broker.publishRequest(request(id, "\"condition\":\"" + condition + "\""));

        Await.until("the condition delivered", WAIT, () -> emulator().stats().deliveries(condition) == 1);
        assertThat(emulator().stats().kindOf(condition)).contains(TargetKind.CONDITION);
        assertThat(broker.collect("push.dead", withMessageId(id), Duration.ofMillis(300))).isEmpty();
    }

    @Test
    void aConditionNamingAnInvalidTopicIsDeadLetteredWithTheConditionKept() throws Exception {
        String condition = "'" + unique("error-INVALID_ARGUMENT-") + "' in topics || 'weather' in topics";
        String id = unique("cond-bad-");
        broker.publishRequest(request(id, "\"condition\":\"" + condition + "\""));

        Message dead = broker.await("push.dead", withMessageId(id), 1, WAIT).get(0);
        assertThat(header(dead, "x-push-error")).isEqualTo("fcm-INVALID_ARGUMENT");
        assertThat(json.readTree(dead.getBody()).get("condition").asText()).isEqualTo(condition);
    }

    @Test
    void aDryRunDeliversNothingButStillReportsADeadTokenMarkedValidateOnly() throws Exception {
        String id = unique("dry-");
        String ok = unique("dry-ok-");
        String dead = unique("error-UNREGISTERED-");
        broker.publishRequest(request(id, "\"validate_only\":true,\"registration_tokens\":{\"u-ok\":\"" + ok
                + "\",\"u-dead\":\"" + dead + "\"}"));

        JsonNode event = json.readTree(broker.await("push.token.deletes", withMessageId(id), 1, WAIT).get(0).getBody());
        assertThat(event.get("token").asText()).isEqualTo(dead);
        assertThat(event.get("user").asText()).isEqualTo("u-dead");
        assertThat(event.get("validate_only").asBoolean()).isTrue();
        Await.until("the live token validated", WAIT, () -> emulator().stats().validations(ok) == 1);
        assertThat(emulator().stats().deliveries(ok)).isZero();
        assertThat(emulator().stats().attempts(ok)).isEqualTo(1);
    }

    @Test
    void aDryRunOfAnInstallationIdIsValidatedAndNotDelivered() {
        String fid = unique("dry-fid-");
        broker.publishRequest(request(unique("dry-fid-req-"), "\"validate_only\":true,\"installation_ids\":[\"" + fid + "\"]"));

        Await.until("the id validated", WAIT, () -> emulator().stats().validations(fid) == 1);
        assertThat(emulator().stats().deliveries(fid)).isZero();
    }

    private Map<String, JsonNode> byUser(List<Message> events) throws Exception {
        Map<String, JsonNode> out = new HashMap<>();
        for (Message m : events) {
            JsonNode event = json.readTree(m.getBody());
            out.put(event.get("user").asText(), event);
        }
        return out;
    }

    static String request(String messageId, String targetFields) {
        return """
                {"push_code":"TARGETS","title":"notification title","body":"notification body",
                 "icon":"ic_launcher","data":{"post_id":42},"message_id":"%s",%s}
                """.formatted(messageId, targetFields);
    }
}
