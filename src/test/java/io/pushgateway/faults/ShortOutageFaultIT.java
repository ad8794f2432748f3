package io.pushgateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgateway.emulator.Outage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A 3 s FCM outage (503 + Retry-After: 1) while requests keep arriving, with the gateway as a user
 * runs it: its own defaults for consumers, retry levels (1 s, 5 s, 30 s, ...; it declares them
 * itself) and circuit breaker. The goal: every token delivered within 8 s of the outage's
 * start. Where the time goes: the circuit opens a few tenths of a second in, probes after 1 s
 * (fails: FCM is still down), opens for 2 s, probes again just after the outage ended and closes;
 * the refused tokens, waiting in the 1 s level, then come back within a second. The last tokens
 * are those a failed probe sent a second time: they wait in the 5 s level. Before the growing open
 * state and the hold-until-next-probe, the last token arrived 31.6 s after the outage began.
 */
class ShortOutageFaultIT extends FaultTestBase {

    /** How many retry levels application.yaml gives (push.retry.delays: 1s,5s,30s,2m,10m). */
    private static final int PRODUCT_RETRY_LEVELS = 5;
    /** The goal for a 3 s outage. */
    private static final long GOAL_MILLIS = 8_000;
    private static final int REQUESTS_PER_TICK = 10;
    private static final int TOKENS_PER_REQUEST = 10;
    /** 10 requests of 10 tokens every 100 ms: 1,000 tokens a second, before and during the outage. */
    private static final long TICK_MILLIS = 100;

    /** The suite's settings, less those where the product's defaults decide how fast it recovers. */
    @Override
    Map<String, String> gatewayProperties() {
        Map<String, String> p = super.gatewayProperties();
        List.of("push.intake.consumers", "push.intake.prefetch", "push.intake.batch-size", "push.retry.delays",
                "push.breaker.wait-in-open-state", "push.breaker.minimum-calls", "push.http.response-timeout")
                .forEach(p::remove);
        return p;
    }

    @Test
    void deliversEveryTokenWithinEightSecondsOfTheStartOfAThreeSecondOutage() throws Exception {
        emulator.setLatency(Duration.ofMillis(40), Duration.ZERO);
        startGateway(Map.of());

        List<List<String>> requests = new ArrayList<>();
        AtomicInteger published = new AtomicInteger();
        ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
        publisher.scheduleAtFixedRate(() -> publishTick(requests, published), 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        long outageStart;
        try {
            // The outage meets a gateway that keeps up (warmed up, no backlog), so the figure is its recovery.
            await("the gateway keeping up with the load", Duration.ofSeconds(60), () -> {
                long delivered = emulator.stats().totalDeliveries();
                return delivered >= 3_000 && delivered >= (long) published.get() * TOKENS_PER_REQUEST - 300;
            });
            outageStart = System.currentTimeMillis();
            emulator.setOutage(Outage.unavailable(Duration.ofSeconds(1)));
            // The fault is a span of wall-clock time: FCM answers 503 for 3 s, whatever the gateway does.
            GatewayProcess.pause(3_000);
            emulator.setOutage(Outage.none());
        } finally {
            // Requests stop arriving when FCM is back: the figure is about the ones the outage met.
            publisher.shutdown();
            assertThat(publisher.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        TokenLedger ledger = new TokenLedger();
        requests.forEach(tokens -> tokens.forEach(ledger::add));

        await("every token delivered", Duration.ofSeconds(120), () -> ledger.delivered(emulator.stats()) == ledger.size());
        long lastDelivery = ledger.tokens().stream()
                .map(t -> emulator.stats().attemptTimes(t))
                .filter(times -> !times.isEmpty())
                .mapToLong(times -> times.get(times.size() - 1))
                .max().orElse(outageStart);
        long recovery = lastDelivery - outageStart;
        long lost = ledger.lost(emulator.stats(), Set.of());
        TokenLedger.report("fcm-outage-3s", ledger.size(), lost, ledger.sentTwice(emulator.stats()),
                "all-delivered-ms-after-outage-start=" + recovery + " (goal " + GOAL_MILLIS + ") outage-start="
                        + Instant.ofEpochMilli(outageStart) + " "
                        + timeline(ledger, outageStart));
        assertThat(lost).isZero();
        assertThat(recovery).as("last delivery after the 3 s outage began, ms").isLessThan(GOAL_MILLIS);
        assertThat(drain("push.dead")).isEmpty();
    }

    /** Runs on the publisher's thread only; the test reads {@code requests} after it stopped. */
    private void publishTick(List<List<String>> requests, AtomicInteger published) {
        for (int r = 0; r < REQUESTS_PER_TICK; r++) {
            List<String> tokens = new ArrayList<>();
            for (int t = 0; t < TOKENS_PER_REQUEST; t++) {
                tokens.add("short-outage-" + UUID.randomUUID());
            }
            requests.add(tokens);
            String list = String.join(",", tokens.stream().map(t -> "\"" + t + "\"").toList());
            publishRequest("{\"title\":\"fault\",\"message_id\":\"req-" + published.incrementAndGet()
                    + "\",\"registration_tokens\":[" + list + "]}");
        }
    }

    /**
     * Where the time went: FCM sends per second from the outage's start (first sends / resends),
     * how many sends the last tokens needed, and the retry requests per level.
     */
    private String timeline(TokenLedger ledger, long outageStart) {
        TreeMap<Long, int[]> perSecond = new TreeMap<>();
        TreeMap<Integer, Integer> attemptsOfLate = new TreeMap<>();
        for (String token : ledger.tokens()) {
            List<Long> times = emulator.stats().attemptTimes(token);
            for (int i = 0; i < times.size(); i++) {
                long second = Math.max(-1, Math.floorDiv(times.get(i) - outageStart, 1000));
                perSecond.computeIfAbsent(second, k -> new int[2])[i == 0 ? 0 : 1]++;
            }
            if (!times.isEmpty() && times.get(times.size() - 1) - outageStart >= 6_000) {
                attemptsOfLate.merge(times.size(), 1, Integer::sum);
            }
        }
        StringBuilder out = new StringBuilder("sends-per-second(first/resent)=");
        perSecond.forEach((second, n) -> out.append(second).append(':').append(n[0]).append('/').append(n[1]).append(' '));
        out.append("sends-of-tokens-delivered-after-6s=").append(attemptsOfLate).append(" retry-requests-per-level=");
        for (int level = 1; level <= PRODUCT_RETRY_LEVELS; level++) {
            out.append(level).append(':').append((long) metric("push_retries_total{application=\"push-gateway\",level=\""
                    + level + "\"")).append(' ');
        }
        return out.toString().trim();
    }
}
