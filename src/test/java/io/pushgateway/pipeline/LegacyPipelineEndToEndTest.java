package io.pushgateway.pipeline;

import static io.pushgateway.pipeline.V1PipelineEndToEndTest.request;
import static io.pushgateway.testsupport.BrokerProbe.header;
import static io.pushgateway.testsupport.BrokerProbe.withMessageId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushgateway.testsupport.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;

/** The legacy multicast protocol through the emulator, on a real private RabbitMQ node. */
class LegacyPipelineEndToEndTest extends LegacyGatewayTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private final ObjectMapper json = new ObjectMapper();


    @Test
    void sendsEveryLegacyResultToItsContractOutcome() throws Exception {
        String id = unique("legacy-rows-");
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("u-ok", unique("ok-"));
        tokens.put("u-canonical", unique("canonical-"));
        for (String error : List.of("NotRegistered", "InvalidRegistration", "MismatchSenderId")) {
            tokens.put("del-" + error, unique("error-" + error + "-"));
        }
        List<String> deadErrors = List.of("MissingRegistration", "MessageTooBig", "InvalidDataKey", "InvalidTtl",
                "InvalidPackageName", "InvalidParameters", "InvalidApnsCredential", "SomethingUnheardOf");
        for (String error : deadErrors) {
            tokens.put("dead-" + error, unique("error-" + error + "-"));
        }
        for (String error : List.of("Unavailable", "InternalServerError", "DeviceMessageRateExceeded",
                "TopicsMessageRateExceeded")) {
            tokens.put("retry-" + error, unique("error-" + error + "-"));
        }
        broker.publishRequest(request(id, json.writeValueAsString(tokens)));

        Message update = broker.await("push.token.updates", withMessageId(id), 1, WAIT).get(0);
        JsonNode event = json.readTree(update.getBody());
        assertThat(event.get("user").asText()).isEqualTo("u-canonical");
        assertThat(event.get("old_token").asText()).isEqualTo(tokens.get("u-canonical"));
        assertThat(event.get("new_token").asText()).isEqualTo("new-" + tokens.get("u-canonical"));
        assertThat(event.get("message_id").asText()).isEqualTo(id);

        Map<String, String> deleteReasons = new HashMap<>();
        for (Message m : broker.await("push.token.deletes", withMessageId(id), 3, WAIT)) {
            JsonNode e = json.readTree(m.getBody());
            deleteReasons.put(e.get("user").asText(), e.get("reason").asText());
        }
        assertThat(deleteReasons).containsOnly(Map.entry("del-NotRegistered", "NotRegistered"),
                Map.entry("del-InvalidRegistration", "InvalidRegistration"),
                Map.entry("del-MismatchSenderId", "MismatchSenderId"));

        // Eight answers that dead-letter at once, then the four retryable ones after the last level.
        List<Message> dead = broker.await("push.dead", withMessageId(id), deadErrors.size() + 1, WAIT);
        Map<Object, JsonNode> deadTokens = new HashMap<>();
        for (Message m : dead) {
            deadTokens.put(header(m, "x-push-error"), json.readTree(m.getBody()).get("registration_tokens"));
        }
        for (String error : deadErrors) {
            JsonNode held = deadTokens.get("fcm-" + error);
            assertThat(held).as(error).isNotNull();
            assertThat(held.get("dead-" + error).asText()).isEqualTo(tokens.get("dead-" + error));
        }
        JsonNode exhausted = deadTokens.get("retries-exhausted");
        assertThat(exhausted.properties()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder(
                "retry-Unavailable", "retry-InternalServerError", "retry-DeviceMessageRateExceeded",
                "retry-TopicsMessageRateExceeded");

        assertThat(emulator().stats().deliveries(tokens.get("u-ok"))).isEqualTo(1);
        assertThat(emulator().stats().deliveries(tokens.get("u-canonical"))).isEqualTo(1);
    }

    @Test
    void splitsTwentyFiveHundredTokensIntoThreeMulticastsAndDeliversEachOnce() throws Exception {
        String id = unique("legacy-big-");
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            tokens.add(unique("bulk-" + i + "-"));
        }
        long requestsBefore = emulator().stats().sendRequests();
        broker.publishRequest(request(id, json.writeValueAsString(tokens)));

        Await.until("all 2500 delivered", WAIT, () -> tokens.stream().allMatch(t -> emulator().stats().deliveries(t) == 1));
        // 1000 + 1000 + 500: more tokens in one request would be refused by the emulator (as by FCM).
        assertThat(emulator().stats().sendRequests() - requestsBefore).isEqualTo(3);
    }

    @Test
    void reportsANullUserForTokensListedAsAnArray() throws Exception {
        String id = unique("legacy-array-");
        String token = unique("error-NotRegistered-");
        broker.publishRequest(request(id, "[\"" + token + "\"]"));

        JsonNode event = json.readTree(broker.await("push.token.deletes", withMessageId(id), 1, WAIT).get(0).getBody());
        assertThat(event.get("user").isNull()).isTrue();
        assertThat(event.get("token").asText()).isEqualTo(token);
    }
}
