package io.pushgateway.emulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the emulator saw of one registration token: attempts, their times and deliveries. One
 * small object per token instead of an entry in each of three maps (a counter, a counter and a
 * list of boxed times): a broadcast benchmark tracks millions of tokens, and their garbage-collector
 * load cost more CPU than answering the sends. Thread-safe through its own monitor.
 */
final class TokenHistory {

    private long attempts;
    private long deliveries;
    private long firstAttemptMillis;
    /** Times of the second and later attempts; most tokens are tried once, so usually null. */
    private long[] laterAttemptMillis;

    synchronized void attempted(long nowMillis) {
        if (attempts == 0) {
            firstAttemptMillis = nowMillis;
        } else {
            int later = (int) attempts - 1;
            if (laterAttemptMillis == null) {
                laterAttemptMillis = new long[2];
            } else if (later == laterAttemptMillis.length) {
                laterAttemptMillis = Arrays.copyOf(laterAttemptMillis, later * 2);
            }
            laterAttemptMillis[later] = nowMillis;
        }
        attempts++;
    }

    /** Counts a delivery and returns how many this token has had, this one included. */
    synchronized long delivered() {
        return ++deliveries;
    }

    synchronized long attempts() {
        return attempts;
    }

    synchronized long deliveries() {
        return deliveries;
    }

    /** Epoch millis of each attempt, in order. */
    synchronized List<Long> attemptTimes() {
        List<Long> times = new ArrayList<>((int) attempts);
        if (attempts > 0) {
            times.add(firstAttemptMillis);
        }
        for (int i = 0; i < attempts - 1; i++) {
            times.add(laterAttemptMillis[i]);
        }
        return List.copyOf(times);
    }
}
