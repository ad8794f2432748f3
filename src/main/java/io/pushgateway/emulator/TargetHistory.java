package io.pushgateway.emulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the emulator saw of one target (token, installation id, topic or condition): attempts,
 * their times, deliveries and dry-run validations. One small object per target instead of an entry
 * in each of several maps: a broadcast benchmark tracks millions of tokens, and their
 * garbage-collector load cost more CPU than answering the sends. Thread-safe through its own monitor.
 */
final class TargetHistory {

    private final TargetKind kind;
    private long attempts;
    private long deliveries;
    private long validations;
    private long firstAttemptMillis;
    /** Times of the second and later attempts; most tokens are tried once, so usually null. */
    private long[] laterAttemptMillis;

    TargetHistory(TargetKind kind) {
        this.kind = kind;
    }

    /** The kind it was first seen as; a name used as token and as topic keeps its first kind. */
    TargetKind kind() {
        return kind;
    }

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

    /** Counts a delivery and returns how many this target has had, this one included. */
    synchronized long delivered() {
        return ++deliveries;
    }

    synchronized void validated() {
        validations++;
    }

    synchronized long attempts() {
        return attempts;
    }

    synchronized long deliveries() {
        return deliveries;
    }

    synchronized long validations() {
        return validations;
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
