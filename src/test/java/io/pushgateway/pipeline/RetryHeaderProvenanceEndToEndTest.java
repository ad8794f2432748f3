package io.pushgateway.pipeline;

import static io.pushgateway.testsupport.BrokerProbe.header;
import static io.pushgateway.testsupport.BrokerProbe.withMessageId;
import static org.assertj.core.api.Assertions.assertThat;

import io.pushgateway.testsupport.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * x-push-attempt and x-push-first-received count only on a request that came back through the
 * gateway's own retry levels (the broker's x-death says so); a producer's values are ignored.
 * Retry delays here: 300, 600, 900 ms (GatewayTestBase).
 */
@ExtendWith(OutputCaptureExtension.class)
class RetryHeaderProvenanceEndToEndTest extends V1GatewayTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aProducersHugeAttemptIsIgnoredSoATransientFailureWalksEveryRetryLevel(CapturedOutput output) {
        String id = unique("forged-attempt-");
        String token = unique("error-UNAVAILABLE-");
        publishToIntake(id, token, 3600, Map.of("x-push-attempt", 999999));

        Message dead = broker.await("push.dead", withMessageId(id), 1, WAIT).get(0);
        assertThat(header(dead, "x-push-error")).isEqualTo("retries-exhausted");
        assertThat(header(dead, "x-push-attempt")).isEqualTo(3);
        // The first send plus one per level: a trusted 999999 would have made it exhausted at once.
        assertThat(emulator().stats().attempts(token)).isEqualTo(4);
        assertThat(output.getAll()).contains("Request " + id + ": ignoring header x-push-attempt");
    }

    @Test
    void aProducersHugeAttemptStillGetsItsFirstRetryAndIsDelivered() {
        String id = unique("forged-attempt-flaky-");
        String token = unique("flaky1-");
        publishToIntake(id, token, 3600, Map.of("x-push-attempt", 999999));

        Await.until("delivery on the first retry", WAIT, () -> emulator().stats().deliveries(token) == 1);
        assertThat(emulator().stats().attempts(token)).isEqualTo(2);
        assertThat(broker.collect("push.dead", withMessageId(id), Duration.ofMillis(500))).isEmpty();
    }

    @Test
    void aProducersAncientFirstReceivedDoesNotExpireTheRequest() {
        String id = unique("forged-first-received-");
        String token = unique("ok-");
        publishToIntake(id, token, 60, Map.of("x-push-first-received", 1L));

        Await.until("delivery", WAIT, () -> emulator().stats().deliveries(token) == 1);
        assertThat(broker.collect("push.dead", withMessageId(id), Duration.ofMillis(300))).isEmpty();
    }

    @Test
    void aGenuineRetryKeepsItsAttempt() {
        String id = unique("genuine-retry-");
        String token = unique("error-UNAVAILABLE-");
        publishToRetryLevelOne(id, token, 3600, Map.of("x-push-attempt", 3,
                "x-push-first-received", System.currentTimeMillis()));

        Message dead = broker.await("push.dead", withMessageId(id), 1, WAIT).get(0);
        assertThat(header(dead, "x-push-error")).isEqualTo("retries-exhausted");
        assertThat(header(dead, "x-push-attempt")).isEqualTo(3);
        assertThat(emulator().stats().attempts(token)).isEqualTo(1);
    }

    @Test
    void aGenuineRetryKeepsItsFirstReceivedSoItsTtlStillCounts() {
        String id = unique("genuine-retry-late-");
        String token = unique("ok-");
        long twoHoursAgo = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
        publishToRetryLevelOne(id, token, 3600, Map.of("x-push-attempt", 1, "x-push-first-received", twoHoursAgo));

        Message dead = broker.await("push.dead", withMessageId(id), 1, WAIT).get(0);
        assertThat(header(dead, "x-push-error")).isEqualTo("expired");
        assertThat(emulator().stats().attempts(token)).isZero();
    }

    @Test
    void aZeroTtlIsSentOnItsFirstDelivery() {
        String id = unique("ttl-zero-");
        String token = unique("ok-");
        publishToIntake(id, token, 0, Map.of());

        Await.until("delivery", WAIT, () -> emulator().stats().deliveries(token) == 1);
        assertThat(broker.collect("push.dead", withMessageId(id), Duration.ofMillis(300))).isEmpty();
    }

    @Test
    void aZeroTtlThatFailsTransientlyIsDeadLetteredAsExpiredOnItsRetryWithALogLine(CapturedOutput output) {
        String id = unique("ttl-zero-flaky-");
        String token = unique("flaky1-");
        publishToIntake(id, token, 0, Map.of());

        Message dead = broker.await("push.dead", withMessageId(id), 1, WAIT).get(0);
        assertThat(header(dead, "x-push-error")).isEqualTo("expired");
        assertThat(header(dead, "x-push-attempt")).isEqualTo(1);
        assertThat(emulator().stats().attempts(token)).isEqualTo(1);
        assertThat(emulator().stats().deliveries(token)).isZero();
        Await.until("the expired dead letter's log line", WAIT,
                () -> output.getAll().contains("Dead-lettering request " + id + " attempt 1: expired"));
    }

    private void publishToIntake(String id, String token, int ttlSeconds, Map<String, Object> headers) {
        rabbit.send("push", "push.send", message(id, token, ttlSeconds, headers));
    }

    /** As the gateway parks a retry: the broker dead-letters it back to the intake after the level's TTL. */
    private void publishToRetryLevelOne(String id, String token, int ttlSeconds, Map<String, Object> headers) {
        rabbit.send("", "push.retry.1", message(id, token, ttlSeconds, headers));
    }

    private static Message message(String id, String token, int ttlSeconds, Map<String, Object> headers) {
        MessageProperties props = new MessageProperties();
        props.setContentType("text/plain");
        props.setType("push.request");
        props.setMessageId(id);
        headers.forEach(props::setHeader);
        String body = """
                {"push_code":"COMMENT_REPLY","title":"t","body":"b","registration_tokens":["%s"],
                 "ttl_seconds":%d,"message_id":"%s"}
                """.formatted(token, ttlSeconds, id);
        return new Message(body.getBytes(StandardCharsets.UTF_8), props);
    }
}
