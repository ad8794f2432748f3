package io.pushgateway.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;

/**
 * How a project's quota is shared: {@code push_quota_share{project}}, the tokens per second this
 * gateway may send for the project now (its share of the limit, halved while a 429's Retry-After
 * runs; no series for a project without a quota guard), and {@code push_gateways_live}, the
 * gateways the broker counts on the presence queue, this one included. The sum of
 * {@code push_quota_share} over the pods is what the project may get.
 */
public final class QuotaGauges {

    private QuotaGauges() {
    }

    public static void share(MeterRegistry registry, String project, DoubleSupplier tokensPerSecond) {
        Gauge.builder("push.quota.share", tokensPerSecond::getAsDouble)
                .description("Tokens per second this gateway may send for the project (its share of the quota)")
                .tag("project", project).register(registry);
    }

    public static void liveGateways(MeterRegistry registry, IntSupplier count) {
        Gauge.builder("push.gateways.live", count::getAsInt)
                .description("Gateways consuming now, counted on the presence queue (this one included)")
                .register(registry);
    }
}
