package io.pushgateway.faults;

import io.pushgateway.emulator.EmulatorStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The tokens a scenario published, checked against where they ended: FCM (the emulator's
 * deliveries) or a feedback/dead-letter message. lost = tokens with no final outcome; sent twice =
 * deliveries beyond the first.
 */
final class TokenLedger {

    private final List<String> tokens = new ArrayList<>();

    void add(String token) {
        tokens.add(token);
    }

    List<String> tokens() {
        return tokens;
    }

    int size() {
        return tokens.size();
    }

    long delivered(EmulatorStats stats) {
        return tokens.stream().filter(t -> stats.deliveries(t) > 0).count();
    }

    /** Tokens neither delivered nor found in {@code endedElsewhere} (events, dead letters). */
    long lost(EmulatorStats stats, Set<String> endedElsewhere) {
        return tokens.stream().filter(t -> stats.deliveries(t) == 0 && !endedElsewhere.contains(t)).count();
    }

    long sentTwice(EmulatorStats stats) {
        return tokens.stream().mapToLong(t -> Math.max(0, stats.deliveries(t) - 1)).sum();
    }

    boolean all(Predicate<String> condition) {
        return tokens.stream().allMatch(condition);
    }

    static String report(String scenario, int tokens, long lost, long sentTwice, String extra) {
        String line = "FAULT " + scenario + ": tokens=" + tokens + " lost=" + lost + " sent-twice=" + sentTwice
                + (extra.isEmpty() ? "" : " " + extra);
        System.out.println(line);
        return line;
    }
}
