package io.pushgateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgateway.core.PushHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which deliveries may carry x-push-attempt and x-push-first-received (the end-to-end proof is RetryHeaderProvenanceEndToEndTest). */
class RetryProvenanceTest {

    private static final Instant NOW = Instant.parse("2026-12-02T06:00:00Z");
    private static final long TEN_MINUTES_AGO = NOW.minus(Duration.ofMinutes(10)).toEpochMilli();

    private final RetryProvenance provenance = new RetryProvenance(level -> "push.retry." + level, 3,
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aMessageBackFromARetryQueueKeepsItsAttemptAndFirstReceipt() {
        var p = provenance.of(message(2, TEN_MINUTES_AGO, death("push.retry.2", "expired")), "m");

        assertThat(p).isEqualTo(new RetryProvenance.Provenance(2, Instant.ofEpochMilli(TEN_MINUTES_AGO), true));
    }

    @Test
    void aProducersHeadersWithoutXDeathAreIgnored() {
        var p = provenance.of(message(999999, TEN_MINUTES_AGO, null), "m");

        assertThat(p).isEqualTo(new RetryProvenance.Provenance(0, NOW, false));
    }

    @Test
    void aDeathThatIsNotATtlExpiryOutOfARetryQueueIsNoRetry() {
        assertThat(provenance.of(message(2, TEN_MINUTES_AGO, death("push.retry.2", "rejected")), "m").attempt()).isZero();
        assertThat(provenance.of(message(2, TEN_MINUTES_AGO, death("push.requests", "expired")), "m").attempt()).isZero();
        assertThat(provenance.of(message(2, TEN_MINUTES_AGO, death("push.retry.4", "expired")), "m").attempt()).isZero();
    }

    @Test
    void onlyTheNewestDeathCounts() {
        List<Map<String, Object>> deaths = List.of(
                Map.of("queue", "push.requests", "reason", "delivery_limit", "count", 1L),
                Map.of("queue", "push.retry.1", "reason", "expired", "count", 1L));

        assertThat(provenance.of(message(1, TEN_MINUTES_AGO, deaths), "m").attempt()).isZero();
    }

    @Test
    void outOfRangeValuesOnARetryAreIgnored() {
        var death = death("push.retry.1", "expired");
        assertThat(provenance.of(message(4, TEN_MINUTES_AGO, death), "m").attempt()).isZero();
        assertThat(provenance.of(message(-1, TEN_MINUTES_AGO, death), "m").attempt()).isZero();
        assertThat(provenance.of(message("two", TEN_MINUTES_AGO, death), "m").attempt()).isZero();
        assertThat(provenance.of(message(1, NOW.plus(Duration.ofHours(1)).toEpochMilli(), death), "m").firstReceived())
                .isEqualTo(NOW);
        assertThat(provenance.of(message(1, "yesterday", death), "m").firstReceived()).isEqualTo(NOW);
        assertThat(provenance.of(message(1, "yesterday", death), "m").attempt()).isEqualTo(1);
    }

    @Test
    void attemptZeroBackFromARetryLevelStillCountsAsARetry() {
        var p = provenance.of(message(0, TEN_MINUTES_AGO, death("push.retry.1", "expired")), "m");

        assertThat(p.fromRetryLevel()).isTrue();
        assertThat(p.attempt()).isZero();
    }

    @Test
    void aParkedRequestBackFromARetryLevelKeepsItsParkCount() {
        Map<String, Object> m = message(1, TEN_MINUTES_AGO, death("push.retry.2", "expired"));
        m.put(PushHeaders.PARKED, 2);

        assertThat(provenance.of(m, "m")).isEqualTo(
                new RetryProvenance.Provenance(1, Instant.ofEpochMilli(TEN_MINUTES_AGO), true, 2));
    }

    @Test
    void aParkCountIsBelievedOnlyFromARetryLevelAndOnlyWithinTheLevels() {
        Map<String, Object> fromProducer = message(null, null, null);
        fromProducer.put(PushHeaders.PARKED, 3);
        Map<String, Object> outOfRange = message(0, TEN_MINUTES_AGO, death("push.retry.1", "expired"));
        outOfRange.put(PushHeaders.PARKED, 4);

        assertThat(provenance.of(fromProducer, "m")).isEqualTo(new RetryProvenance.Provenance(0, NOW, false, 0));
        assertThat(provenance.of(outOfRange, "m").parked()).isZero();
    }

    private static List<Map<String, Object>> death(String queue, String reason) {
        return List.of(Map.of("queue", queue, "reason", reason, "count", 1L, "exchange", ""));
    }

    private static Map<String, Object> message(Object attempt, Object firstReceived, Object xDeath) {
        Map<String, Object> m = new HashMap<>();
        if (attempt != null) {
            m.put(PushHeaders.ATTEMPT, attempt);
        }
        if (firstReceived != null) {
            m.put(PushHeaders.FIRST_RECEIVED, firstReceived);
        }
        if (xDeath != null) {
            m.put(RetryProvenance.X_DEATH, xDeath);
        }
        return m;
    }
}
