package io.pushgateway.emulator;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Reads the proto3 JSON forms of well-known types by hand: cheaper than a regex on every send. */
final class ProtoJsonValues {

    /** What {@link #durationSeconds} answers for text that is no Duration. */
    static final long NOT_A_DURATION = Long.MIN_VALUE;
    private static final int MAX_FRACTION_DIGITS = 9;

    private ProtoJsonValues() {
    }

    /**
     * The whole seconds of a Duration such as {@code "3600s"}, {@code "3.5s"} or {@code "-1s"}
     * (fraction cut off), or {@link #NOT_A_DURATION}.
     */
    static long durationSeconds(String text) {
        int end = text.length() - 1;
        if (end < 1 || text.charAt(end) != 's') {
            return NOT_A_DURATION;
        }
        int at = text.charAt(0) == '-' ? 1 : 0;
        long seconds = 0;
        int digits = 0;
        for (; at < end && text.charAt(at) != '.'; at++, digits++) {
            char c = text.charAt(at);
            if (c < '0' || c > '9' || digits == 12) {
                return NOT_A_DURATION;
            }
            seconds = seconds * 10 + (c - '0');
        }
        if (digits == 0) {
            return NOT_A_DURATION;
        }
        if (at < end) {
            int fraction = end - at - 1;
            if (fraction < 1 || fraction > MAX_FRACTION_DIGITS) {
                return NOT_A_DURATION;
            }
            for (at++; at < end; at++) {
                if (text.charAt(at) < '0' || text.charAt(at) > '9') {
                    return NOT_A_DURATION;
                }
            }
        }
        return text.charAt(0) == '-' ? -seconds : seconds;
    }

    /** An RFC 3339 timestamp with offset, e.g. {@code "2026-12-02T06:00:00.5Z"}. */
    static boolean isTimestamp(String text) {
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** {@code restricted_package_name} to {@code restrictedPackageName}, the JSON name proto3 also accepts. */
    static String lowerCamel(String snake) {
        StringBuilder camel = new StringBuilder(snake.length());
        boolean upper = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                camel.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return camel.toString();
    }
}
