package io.pushgateway.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live, thread-safe counters of what the emulator answered. Counts change the moment just before
 * an answer is written, so once a client has read an answer the counters already include it.
 *
 * <ul>
 *   <li>{@link #sendRequests()}: every answered request to a send endpoint (v1 or legacy), whatever
 *       its status; the token endpoint and the admin endpoints are not counted.</li>
 *   <li>{@link #attempts(String)} and {@link #tokensReceived()}: every token of a send request whose
 *       targets could be read, unless the request was turned away for its credentials (401).
 *       During an outage credentials are not checked, so those tokens count as attempts.</li>
 *   <li>{@link #deliveries(String)}: success answers for the token; dry runs
 *       ({@code validate_only}, {@code dry_run}) deliver nothing and are not counted.</li>
 * </ul>
 */
public final class EmulatorStats {

    private final LongAdder sendRequests = new LongAdder();
    private final LongAdder tokensReceived = new LongAdder();
    private final LongAdder tokenRequests = new LongAdder();
    private final Map<String, LongAdder> attemptsByToken = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> attemptTimes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> deliveriesByToken = new ConcurrentHashMap<>();
    /** Epoch millis of the first and last answered send that addressed tokens (benchmarks: tokens/s). */
    private final java.util.concurrent.atomic.AtomicLong firstSendMillis = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
    private final java.util.concurrent.atomic.AtomicLong lastSendMillis = new java.util.concurrent.atomic.AtomicLong(0);
    /** Receipt minus the publisher's {@code bench_ts} data field, per send that carried one (1 ms buckets). */
    private final PublishLatencies publishLatencies = new PublishLatencies();

    EmulatorStats() {
    }

    public long sendRequests() {
        return sendRequests.sum();
    }

    public long tokensReceived() {
        return tokensReceived.sum();
    }

    public long deliveries(String token) {
        return countOf(deliveriesByToken, token);
    }

    public long attempts(String token) {
        return countOf(attemptsByToken, token);
    }

    /** OAuth access tokens granted by {@code /token}. */
    public long tokenRequests() {
        return tokenRequests.sum();
    }

    /** Sum of {@link #deliveries(String)} over all tokens. */
    public long totalDeliveries() {
        return sumOf(deliveriesByToken);
    }

    /** A copy: later deliveries do not show up in it. */
    public Map<String, Long> deliveriesByToken() {
        return copyOf(deliveriesByToken);
    }

    /** A copy: later attempts do not show up in it. */
    public Map<String, Long> attemptsByToken() {
        return copyOf(attemptsByToken);
    }

    /**
     * When each attempt of {@code token} arrived (epoch millis, in order), so a test can check the
     * spacing of retries, e.g. that nothing was resent before a Retry-After ran out.
     */
    public List<Long> attemptTimes(String token) {
        List<Long> times = attemptTimes.get(token);
        if (times == null) {
            return List.of();
        }
        synchronized (times) {
            return List.copyOf(times);
        }
    }

    void recordSend(SendTally tally) {
        sendRequests.increment();
        tokensReceived.add(tally.attemptedTokens().size());
        long now = System.currentTimeMillis();
        if (!tally.attemptedTokens().isEmpty()) {
            firstSendMillis.accumulateAndGet(now, Math::min);
            lastSendMillis.accumulateAndGet(now, Math::max);
        }
        tally.attemptedTokens().forEach(token -> {
            increment(attemptsByToken, token);
            List<Long> times = attemptTimes.computeIfAbsent(token, ignored -> new ArrayList<>(2));
            synchronized (times) {
                times.add(now);
            }
        });
        tally.deliveredTokens().forEach(token -> increment(deliveriesByToken, token));
    }

    /** First answered send with tokens (epoch millis), or 0 before any. */
    public long firstSendMillis() {
        long first = firstSendMillis.get();
        return first == Long.MAX_VALUE ? 0 : first;
    }

    /** Last answered send with tokens (epoch millis), or 0 before any. */
    public long lastSendMillis() {
        return lastSendMillis.get();
    }

    /** Tokens with at least one delivery. */
    public long distinctDelivered() {
        return deliveriesByToken.size();
    }

    /** Deliveries beyond the first, summed over all tokens (tokens sent twice or more). */
    public long duplicateDeliveries() {
        return deliveriesByToken.values().stream().mapToLong(c -> Math.max(0, c.sum() - 1)).sum();
    }

    public PublishLatencies publishLatencies() {
        return publishLatencies;
    }

    void recordTokenGrant() {
        tokenRequests.increment();
    }

    void reset() {
        sendRequests.reset();
        tokensReceived.reset();
        tokenRequests.reset();
        attemptsByToken.clear();
        attemptTimes.clear();
        deliveriesByToken.clear();
        firstSendMillis.set(Long.MAX_VALUE);
        lastSendMillis.set(0);
        publishLatencies.reset();
    }

    private static void increment(Map<String, LongAdder> counters, String token) {
        counters.computeIfAbsent(token, ignored -> new LongAdder()).increment();
    }

    private static long countOf(Map<String, LongAdder> counters, String token) {
        LongAdder counter = counters.get(token);
        return counter == null ? 0 : counter.sum();
    }

    private static long sumOf(Map<String, LongAdder> counters) {
        return counters.values().stream().mapToLong(LongAdder::sum).sum();
    }

    private static Map<String, Long> copyOf(Map<String, LongAdder> counters) {
        Map<String, Long> copy = new java.util.HashMap<>();
        counters.forEach((token, counter) -> copy.put(token, counter.sum()));
        return Map.copyOf(copy);
    }
}
