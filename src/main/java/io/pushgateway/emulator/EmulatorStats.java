package io.pushgateway.emulator;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

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
 *
 * <p>The totals over all tokens (deliveries, distinct, duplicates) are kept as counters while
 * recording, so a summary costs the same with ten tokens or ten million.
 */
public final class EmulatorStats {

    /** Everything a reset forgets, swapped as a whole so a reset never leaves half-cleared counters. */
    private static final class Counters {
        final LongAdder sendRequests = new LongAdder();
        final LongAdder tokensReceived = new LongAdder();
        final LongAdder tokenRequests = new LongAdder();
        final LongAdder distinctDelivered = new LongAdder();
        final LongAdder duplicateDeliveries = new LongAdder();
        /** Epoch millis of the first and last answered send that addressed tokens (benchmarks: tokens/s). */
        final AtomicLong firstSendMillis = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong lastSendMillis = new AtomicLong(0);
        final Map<String, TokenHistory> byToken = new ConcurrentHashMap<>();
    }

    private volatile Counters counters = new Counters();
    /** Receipt minus the publisher's {@code bench_ts} data field, per send that carried one (1 ms buckets). */
    private final PublishLatencies publishLatencies = new PublishLatencies();

    EmulatorStats() {
    }

    public long sendRequests() {
        return counters.sendRequests.sum();
    }

    public long tokensReceived() {
        return counters.tokensReceived.sum();
    }

    public long deliveries(String token) {
        TokenHistory history = counters.byToken.get(token);
        return history == null ? 0 : history.deliveries();
    }

    public long attempts(String token) {
        TokenHistory history = counters.byToken.get(token);
        return history == null ? 0 : history.attempts();
    }

    /** OAuth access tokens granted by {@code /token}. */
    public long tokenRequests() {
        return counters.tokenRequests.sum();
    }

    /** Sum of {@link #deliveries(String)} over all tokens. */
    public long totalDeliveries() {
        Counters now = counters;
        return now.distinctDelivered.sum() + now.duplicateDeliveries.sum();
    }

    /** A copy: later deliveries do not show up in it. */
    public Map<String, Long> deliveriesByToken() {
        return nonZeroCopy(TokenHistory::deliveries);
    }

    /** A copy: later attempts do not show up in it. */
    public Map<String, Long> attemptsByToken() {
        return nonZeroCopy(TokenHistory::attempts);
    }

    /**
     * When each attempt of {@code token} arrived (epoch millis, in order), so a test can check the
     * spacing of retries, e.g. that nothing was resent before a Retry-After ran out.
     */
    public List<Long> attemptTimes(String token) {
        TokenHistory history = counters.byToken.get(token);
        return history == null ? List.of() : history.attemptTimes();
    }

    void recordSend(SendTally tally) {
        Counters now = counters;
        now.sendRequests.increment();
        List<String> attempted = tally.attemptedTokens();
        if (attempted.isEmpty()) {
            return;
        }
        long millis = System.currentTimeMillis();
        now.tokensReceived.add(attempted.size());
        // Plain reads first: the CAS loops only run when the value really moves.
        if (millis < now.firstSendMillis.get()) {
            now.firstSendMillis.accumulateAndGet(millis, Math::min);
        }
        if (millis > now.lastSendMillis.get()) {
            now.lastSendMillis.accumulateAndGet(millis, Math::max);
        }
        for (String token : attempted) {
            historyOf(now, token).attempted(millis);
        }
        for (String token : tally.deliveredTokens()) {
            long deliveries = historyOf(now, token).delivered();
            (deliveries == 1 ? now.distinctDelivered : now.duplicateDeliveries).increment();
        }
    }

    /** First answered send with tokens (epoch millis), or 0 before any. */
    public long firstSendMillis() {
        long first = counters.firstSendMillis.get();
        return first == Long.MAX_VALUE ? 0 : first;
    }

    /** Last answered send with tokens (epoch millis), or 0 before any. */
    public long lastSendMillis() {
        return counters.lastSendMillis.get();
    }

    /** Tokens with at least one delivery. */
    public long distinctDelivered() {
        return counters.distinctDelivered.sum();
    }

    /** Deliveries beyond the first, summed over all tokens (tokens sent twice or more). */
    public long duplicateDeliveries() {
        return counters.duplicateDeliveries.sum();
    }

    public PublishLatencies publishLatencies() {
        return publishLatencies;
    }

    void recordTokenGrant() {
        counters.tokenRequests.increment();
    }

    void reset() {
        counters = new Counters();
        publishLatencies.reset();
    }

    private static TokenHistory historyOf(Counters counters, String token) {
        TokenHistory history = counters.byToken.get(token);
        return history != null ? history : counters.byToken.computeIfAbsent(token, ignored -> new TokenHistory());
    }

    private Map<String, Long> nonZeroCopy(ToLongFunction<TokenHistory> count) {
        Map<String, Long> copy = new HashMap<>();
        counters.byToken.forEach((token, history) -> {
            long value = count.applyAsLong(history);
            if (value > 0) {
                copy.put(token, value);
            }
        });
        return Map.copyOf(copy);
    }
}
