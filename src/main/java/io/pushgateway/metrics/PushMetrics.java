package io.pushgateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pushgateway.core.Outcome;
import io.pushgateway.core.TokenResult;
import io.pushgateway.core.TokenResults;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
    /** Call timers per provider and project, found without building a meter id per call (v1 makes one call per token). */
    private final Map<String, CallTimers> callTimers = new ConcurrentHashMap<>();

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

    /** The call timers of one provider and project; look them up once per batch, not per call. */
    public CallTimers callTimers(String provider, String project) {
        return callTimers.computeIfAbsent(provider + " " + project, key -> new CallTimers(provider, project));
    }

    /**
     * FCM calls of one provider and project: the in-flight gauge and one timer per HTTP status (or
     * reason there was none, such as "timeout"), each found without building a meter id per call.
     */
    public final class CallTimers {

        private final String provider;
        private final String project;
        private final Map<Integer, Timer> byStatus = new ConcurrentHashMap<>();
        private final Map<String, Timer> byFailure = new ConcurrentHashMap<>();

        private CallTimers(String provider, String project) {
            this.provider = provider;
            this.project = project;
        }

        public void started(int calls) {
            inFlight.addAndGet(calls);
        }

        /** One call finished: {@code status} is its HTTP status, or 0 with {@code failure} saying why there was none. */
        public void finished(int status, String failure, long nanos) {
            inFlight.decrementAndGet();
            Timer timer = status > 0 ? byStatus.computeIfAbsent(status, s -> timer(String.valueOf(s)))
                    : byFailure.computeIfAbsent(failure, this::timer);
            timer.record(nanos, TimeUnit.NANOSECONDS);
        }

        private Timer timer(String status) {
            return Timer.builder("push.fcm.call").description("FCM HTTP calls").tag("provider", provider)
                    .tag("project", project).tag("status", status).publishPercentileHistogram().register(registry);
        }
    }

    public void oauthRefreshed(String project) {
        Counter.builder("push.oauth.refreshes").description("OAuth access tokens fetched for FCM v1")
                .tag("project", project).register(registry).increment();
    }
}
