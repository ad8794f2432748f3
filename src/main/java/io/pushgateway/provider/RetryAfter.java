package io.pushgateway.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads FCM's {@code Retry-After}: delay seconds or an HTTP date. Unreadable means "not said". */
public final class RetryAfter {

    private RetryAfter() {
    }

    public static Duration parse(Object header, Clock clock) {
        if (header == null) {
            return Duration.ZERO;
        }
        String value = header.toString().trim();
        if (value.isEmpty()) {
            return Duration.ZERO;
        }
        try {
            long seconds = Long.parseLong(value);
            return seconds > 0 ? Duration.ofSeconds(seconds) : Duration.ZERO;
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(clock.instant(), at.toInstant());
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return Duration.ZERO;
            }
        }
    }
}
