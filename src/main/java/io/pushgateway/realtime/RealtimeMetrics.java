package io.pushgateway.realtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Prometheus: {@code push_realtime_published_total} (confirmed by the broker),
 * {@code push_realtime_failed_total} (refused, unconfirmed or not attempted because planning
 * failed) and {@code push_realtime_skipped_total{reason="invalid-id"}} (token-map keys that
 * cannot be routing keys).
 */
public final class RealtimeMetrics {

    private final Counter published;
    private final Counter failed;
    private final Counter skippedInvalidIds;

    public RealtimeMetrics(MeterRegistry registry) {
        published = Counter.builder("push.realtime.published")
                .description("Real-time messages confirmed by the broker").register(registry);
        failed = Counter.builder("push.realtime.failed")
                .description("Real-time publishes that failed (the FCM path is not affected)").register(registry);
        skippedInvalidIds = Counter.builder("push.realtime.skipped").tag("reason", "invalid-id")
                .description("Token-map keys that are no valid user id, so got no real-time message").register(registry);
    }

    void published() {
        published.increment();
    }

    void failed() {
        failed.increment();
    }

    void skippedInvalidIds(int count) {
        if (count > 0) {
            skippedInvalidIds.increment(count);
        }
    }
}
