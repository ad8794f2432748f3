package io.pushgateway.retry;

import java.time.Duration;
import java.util.List;

/**
 * Picks the retry level for tokens to send again. The attempt number and the delay are separate:
 * the delay is the larger of the level for the attempt and the shortest level covering FCM's
 * Retry-After; tokens the open circuit kept back wait only for the breaker's next probe.
 */
public final class RetryPlanner {

    private final List<Duration> delays;

    public RetryPlanner(List<Duration> delays) {
        if (delays.isEmpty()) {
            throw new IllegalArgumentException("at least one retry delay is needed");
        }
        this.delays = List.copyOf(delays);
    }

    public int levels() {
        return delays.size();
    }

    /** Tokens that reached FCM and failed transiently in a request that carried {@code attempt}. */
    public RetryDecision afterFailure(int attempt, Duration retryAfter) {
        int next = attempt + 1;
        if (next > delays.size()) {
            return new RetryDecision.Exhausted(next);
        }
        return new RetryDecision.Delay(Math.max(next, covering(retryAfter)), next);
    }

    /**
     * Tokens that never left the gateway because the circuit was open: the attempt is not used up,
     * and they wait in the longest level that does not outlast the breaker's next probe
     * ({@code untilProbe}; at least the first level), whatever their attempt: they already waited
     * out their attempt's level before they were refused, and a token that failed twice would
     * otherwise sit in the 5 s level while the breaker probes again in one. Levels are coarse
     * (1 s, 5 s, 30 s, ...): a token held for the covering level would come back long after FCM
     * recovered, while one that comes back a little early is simply held again, never sent, so
     * there is no loop against FCM.
     */
    public RetryDecision afterNotSent(int attempt, Duration untilProbe) {
        return new RetryDecision.Delay(notOutlasting(untilProbe), attempt);
    }

    /** Longest level whose delay is at most {@code wait}; the first level when none is. */
    int notOutlasting(Duration wait) {
        int level = 1;
        for (int l = 1; l <= delays.size(); l++) {
            if (delays.get(l - 1).compareTo(wait) <= 0) {
                level = l;
            }
        }
        return level;
    }

    /** Shortest level whose delay is at least {@code wait}; the last level when none is. */
    int covering(Duration wait) {
        for (int level = 1; level <= delays.size(); level++) {
            if (delays.get(level - 1).compareTo(wait) >= 0) {
                return level;
            }
        }
        return delays.size();
    }
}
