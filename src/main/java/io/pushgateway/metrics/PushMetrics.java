package io.pushgateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pushgateway.outcome.Outcome;
import io.pushgateway.outcome.TokenResult;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import io.pushgateway.outcome.TokenResults;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's own meters. Prometheus names: {@code push_tokens_total{outcome,reason}},
 * {@code push_requests_consumed_total}, {@code push_requests_dead_lettered_total{error}},
 * {@code push_retries_total{level}}, {@code push_fcm_call_seconds{provider,status}},
 * {@code push_fcm_sends_in_flight}, {@code push_oauth_refreshes_total} and
 * {@code push_fcm_circuit_state{state}} (registered by {@link CircuitStateGauge}).
 */
public final class PushMetrics {

    private final MeterRegistry registry;
    private final Counter consumed;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** One timer per provider and status, found without building a meter id per call (v1 makes one call per token). */
    private final Map<String, Timer> callTimers = new ConcurrentHashMap<>();

    public PushMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.consumed = Counter.builder("push.requests.consumed")
                .description("Push requests taken from the intake queue (retries included)").register(registry);
        registry.gauge("push.fcm.sends.in.flight", inFlight);
    }

    /** Counted once per group of deliveries, not per request. */
    public void requestsConsumed(int requests) {
        consumed.increment(requests);
    }

    /** Counted once per (outcome, reason) of a group's project, not per token: a meter lookup per token costs CPU. */
    public void tokens(String project, TokenResults results) {
        if (results.delivered() > 0) {
            tokenCounter(project, Outcome.DELIVERED, null).increment(results.delivered());
        }
        Map<List<String>, Integer> counts = new HashMap<>();
        for (TokenResult result : results.notDelivered()) {
            counts.merge(List.of(result.outcome().name(), result.error() == null ? "none" : result.error()), 1, Integer::sum);
        }
        counts.forEach((key, n) -> tokenCounter(project, Outcome.valueOf(key.get(0)), key.get(1)).increment(n));
    }

    private Counter tokenCounter(String project, Outcome outcome, String error) {
        return Counter.builder("push.tokens")
                .description("Tokens by outcome and FCM error")
                .tag("project", project)
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .tag("reason", outcome == Outcome.DELIVERED || error == null ? "none" : error)
                .register(registry);
    }

    public void deadLettered(String error) {
        Counter.builder("push.requests.dead.lettered").description("Dead letters published, by x-push-error")
                .tag("error", error).register(registry).increment();
    }

    public void retried(int level) {
        Counter.builder("push.retries").description("Retry requests published, by delay level")
                .tag("level", String.valueOf(level)).register(registry).increment();
    }

    public void sendStarted() {
        inFlight.incrementAndGet();
    }

    /** One FCM call finished: {@code status} is the HTTP status, or why there was none ("timeout"). */
    public void sendFinished(String provider, String project, String status, Duration took) {
        inFlight.decrementAndGet();
        callTimers.computeIfAbsent(provider + " " + project + " " + status, key -> Timer.builder("push.fcm.call")
                .description("FCM HTTP calls").tag("provider", provider).tag("project", project).tag("status", status)
                .publishPercentileHistogram().register(registry)).record(took);
    }

    public void oauthRefreshed(String project) {
        Counter.builder("push.oauth.refreshes").description("OAuth access tokens fetched for FCM v1")
                .tag("project", project).register(registry).increment();
    }
}
