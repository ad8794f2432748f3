package io.pushgateway.pipeline;

import static io.pushgateway.testsupport.BrokerProbe.body;
import static io.pushgateway.testsupport.BrokerProbe.header;
import static io.pushgateway.testsupport.BrokerProbe.withMessageId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushgateway.emulator.Outage;
import io.pushgateway.testsupport.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.pushgateway.provider.FcmBreakers;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;

/** FCM HTTP v1 through the emulator (with its OAuth flow), on a real private RabbitMQ node. */
class V1PipelineEndToEndTest extends V1GatewayTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private final ObjectMapper json = new ObjectMapper();


    @Test
    void sendsEveryTokenToItsContractOutcomeWithTheUserKeyOfAMapRequest() throws Exception {
        String id = unique("v1-rows-");
        String ok = unique("ok-");
        Map<String, String> tokens = Map.of(
                "u-ok", ok,
                "u-unreg", unique("error-UNREGISTERED-"),
                "u-sender", unique("error-SENDER_ID_MISMATCH-"),
                "u-badtoken", unique("error-INVALID_ARGUMENT-"),
                "u-payload", unique("error-INVALID_PAYLOAD-"),
                "u-apns", unique("error-THIRD_PARTY_AUTH_ERROR-"),
                "u-unspec", unique("error-UNSPECIFIED_ERROR-"),
                "u-new", unique("error-SOMETHING_NEW-"),
                "u-flaky", unique("flaky1-"));
        broker.publishRequest(request(id, json.writeValueAsString(tokens)));

        List<Message> deletes = broker.await("push.token.deletes", withMessageId(id), 3, WAIT);
        Map<String, JsonNode> deleteByUser = byUser(deletes);
        assertThat(deleteByUser).containsOnlyKeys("u-unreg", "u-sender", "u-badtoken");
        assertThat(deleteByUser.get("u-unreg").get("reason").asText()).isEqualTo("UNREGISTERED");
        assertThat(deleteByUser.get("u-unreg").get("token").asText()).isEqualTo(tokens.get("u-unreg"));
        assertThat(deleteByUser.get("u-unreg").get("push_code").asText()).isEqualTo("COMMENT_REPLY");
        assertThat(deleteByUser.get("u-sender").get("reason").asText()).isEqualTo("SENDER_ID_MISMATCH");
        assertThat(deleteByUser.get("u-badtoken").get("reason").asText()).isEqualTo("INVALID_ARGUMENT");

        List<Message> dead = broker.await("push.dead", withMessageId(id), 4, WAIT);
        Map<Object, Message> deadByError = dead.stream()
                .collect(Collectors.toMap(m -> header(m, "x-push-error"), m -> m));
        assertThat(deadByError).containsOnlyKeys("fcm-INVALID_ARGUMENT", "fcm-THIRD_PARTY_AUTH_ERROR",
                "fcm-UNSPECIFIED_ERROR", "fcm-SOMETHING_NEW");
        JsonNode payloadDead = json.readTree(deadByError.get("fcm-INVALID_ARGUMENT").getBody());
        assertThat(payloadDead.get("registration_tokens").properties()).hasSize(1);
        assertThat(payloadDead.get("registration_tokens").get("u-payload").asText()).isEqualTo(tokens.get("u-payload"));
        assertThat(payloadDead.get("title").asText()).isEqualTo("notification title");
        assertThat(header(deadByError.get("fcm-SOMETHING_NEW"), "x-push-attempt")).isEqualTo(0);
        assertThat((String) header(deadByError.get("fcm-SOMETHING_NEW"), "x-push-error-detail")).contains("SOMETHING_NEW");

        Await.until("the flaky token delivered after one retry", WAIT,
                () -> emulator().stats().deliveries(tokens.get("u-flaky")) == 1);
        assertThat(emulator().stats().attempts(tokens.get("u-flaky"))).isEqualTo(2);
        assertThat(emulator().stats().deliveries(ok)).isEqualTo(1);
        assertThat(broker.collect("push.token.updates", withMessageId(id), Duration.ofMillis(300))).isEmpty();
    }

    @Test
    void retriesATokenThatFailsTwiceAndThenDeliversItOnce() {
        String id = unique("v1-flaky-");
        String token = unique("flaky2-");
        broker.publishRequest(request(id, "[\"" + token + "\"]"));

        Await.until("delivery after two retries", WAIT, () -> emulator().stats().deliveries(token) == 1);
        assertThat(emulator().stats().attempts(token)).isEqualTo(3);
        assertThat(broker.collect("push.dead", withMessageId(id), Duration.ofMillis(500))).isEmpty();
    }

    @Test
    void deadLettersATokenThatAlwaysFailsAsRetriesExhaustedAfterTheLastLevel() throws Exception {
        String id = unique("v1-exhausted-");
        String token = unique("error-UNAVAILABLE-");
        broker.publishRequest(request(id, "[\"" + token + "\"]"));

        Message dead = broker.await("push.dead", withMessageId(id), 1, WAIT).get(0);
        assertThat(header(dead, "x-push-error")).isEqualTo("retries-exhausted");
        assertThat(header(dead, "x-push-attempt")).isEqualTo(3);
        assertThat((String) header(dead, "x-push-error-detail")).contains("UNAVAILABLE");
        JsonNode body = json.readTree(dead.getBody());
        assertThat(body.get("registration_tokens").get(0).asText()).isEqualTo(token);
        // The first send plus one per retry level (three in this test setup).
        assertThat(emulator().stats().attempts(token)).isEqualTo(4);
    }

    @Test
    void opensTheCircuitDuringAnOutageAndDeliversEveryTokenAfterRecovery() throws Exception {
        var breaker = breakers.of(FcmBreakers.DEFAULT_PROJECT);
        emulator().setOutage(Outage.unavailable(Duration.ofSeconds(1)));
        String id = unique("v1-outage-");
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            tokens.add(unique("outage-" + i + "-"));
        }
        broker.publishRequest(request(id, json.writeValueAsString(tokens)));

        Await.until("the circuit to open", WAIT, () -> breaker.getState() == CircuitBreaker.State.OPEN);
        long attemptsWhileOpen = tokens.stream().mapToLong(t -> emulator().stats().attempts(t)).sum();
        // 30 tokens are 6 batches of 5: the first pass fails 6 breaker calls, the retry's pass reaches the
        // minimum of 10 and opens the circuit, which holds that pass's last batches back unsent.
        assertThat(attemptsWhileOpen).as("tokens held back by the open circuit").isLessThan(2L * tokens.size());
        emulator().setOutage(Outage.none());

        Await.until("every token delivered once", Duration.ofSeconds(30),
                () -> tokens.stream().allMatch(t -> emulator().stats().deliveries(t) == 1));
        assertThat(broker.collect("push.dead", withMessageId(id), Duration.ofMillis(500))).isEmpty();
        Await.until("retry queues drained", WAIT, () -> broker.depth("push.retry.1") == 0
                && broker.depth("push.retry.2") == 0 && broker.depth("push.retry.3") == 0);
    }

    @Test
    void refreshesARevokedAccessTokenAndDeliversTheRefusedTokenOnItsRetry() {
        String token = unique("after-revoke-");
        long grantsBefore = emulator().stats().tokenRequests();
        emulator().revokeAccessTokens();
        broker.publishRequest(request(unique("v1-revoked-"), "[\"" + token + "\"]"));

        Await.until("delivery with a fresh access token", WAIT, () -> emulator().stats().deliveries(token) == 1);
        assertThat(emulator().stats().tokenRequests()).isGreaterThan(grantsBefore);
    }

    private Map<String, JsonNode> byUser(List<Message> events) throws Exception {
        Map<String, JsonNode> out = new java.util.HashMap<>();
        for (Message m : events) {
            JsonNode event = json.readTree(m.getBody());
            out.put(event.get("user").asText(), event);
        }
        return out;
    }

    static String request(String messageId, String registrationTokens) {
        return """
                {"push_code":"COMMENT_REPLY","title":"notification title","body":"notification body",
                 "icon":"ic_launcher","data":{"post_id":42,"kind":"reply"},
                 "registration_tokens":%s,"priority":"high","ttl_seconds":3600,"message_id":"%s"}
                """.formatted(registrationTokens, messageId);
    }
}
