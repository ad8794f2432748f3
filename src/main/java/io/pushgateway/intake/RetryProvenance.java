package io.pushgateway.intake;

import io.pushgateway.core.PushHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which attempt and first receipt a delivery really has. x-push-attempt,
 * x-push-first-received and x-push-parked are the gateway's own bookkeeping across its retry levels, so they are
 * believed only on a message the broker dead-lettered (TTL {@code expired}) out of one of those
 * retry queues, as the newest entry of its {@code x-death} header says. Anything else, a
 * producer's headers included, starts at attempt 0, received now.
 */
public final class RetryProvenance {

    /** The broker's record of dead-letterings, newest first: a list of tables (queue, reason, count, ...). */
    static final String X_DEATH = "x-death";

    /**
     * Gateways on different hosts write and read first-received; a clock a little ahead of this one
     * must not make a genuine retry's header count as "in the future".
     */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(RetryProvenance.class);

    /**
     * What a delivery counts as: its retry number, when the gateway first saw the request,
     * whether it came back from a retry level (attempt 0 can: tokens the open circuit held back),
     * and how often in a row its outcomes could not be published (parked).
     */
    public record Provenance(int attempt, Instant firstReceived, boolean fromRetryLevel, int parked) {

        public Provenance(int attempt, Instant firstReceived, boolean fromRetryLevel) {
            this(attempt, firstReceived, fromRetryLevel, 0);
        }
    }

    private final Set<String> retryQueues;
    private final int levels;
    private final Clock clock;

    /**
     * @param retryQueueOfLevel the retry queue of a level (push.topology retry-queue-prefix + level)
     * @param levels            how many retry levels there are (push.retry.delays)
     */
    public RetryProvenance(IntFunction<String> retryQueueOfLevel, int levels, Clock clock) {
        this.retryQueues = IntStream.rangeClosed(1, levels).mapToObj(retryQueueOfLevel)
                .collect(Collectors.toUnmodifiableSet());
        this.levels = levels;
        this.clock = clock;
    }

    /** The attempt and first receipt of a delivery with these AMQP headers; {@code messageId} only names it in warnings. */
    public Provenance of(Map<String, Object> headers, String messageId) {
        Instant now = clock.instant();
        Object attempt = headers.get(PushHeaders.ATTEMPT);
        Object firstReceived = headers.get(PushHeaders.FIRST_RECEIVED);
        Object parked = headers.get(PushHeaders.PARKED);
        boolean fromRetryLevel = cameBackFromRetryLevel(headers.get(X_DEATH));
        if (attempt == null && firstReceived == null && parked == null) {
            return new Provenance(0, now, fromRetryLevel);
        }
        if (!fromRetryLevel) {
            for (String name : presentNames(attempt, firstReceived, parked)) {
                LOG.warn("Request {}: ignoring header {}: only a request back from the gateway's own retry"
                        + " levels may carry it", messageId, name);
            }
            return new Provenance(0, now, false);
        }
        return new Provenance(levelCount(attempt, PushHeaders.ATTEMPT, messageId),
                firstReceivedBefore(firstReceived, now, messageId), true,
                levelCount(parked, PushHeaders.PARKED, messageId));
    }

    private boolean cameBackFromRetryLevel(Object xDeath) {
        // Newest first: the last thing that happened to the message decides.
        if (xDeath instanceof List<?> deaths && !deaths.isEmpty() && deaths.get(0) instanceof Map<?, ?> newest) {
            return "expired".equals(text(newest.get("reason"))) && retryQueues.contains(text(newest.get("queue")));
        }
        return false;
    }

    /** An attempt or park count: a whole number from 0 to the number of retry levels, else 0. */
    private int levelCount(Object value, String header, String messageId) {
        if (value == null) {
            return 0;
        }
        Long n = number(value);
        if (n == null || n < 0 || n > levels) {
            LOG.warn("Request {}: ignoring header {}: not a whole number from 0 to {} (the retry levels)",
                    messageId, header, levels);
            return 0;
        }
        return n.intValue();
    }

    private Instant firstReceivedBefore(Object value, Instant now, String messageId) {
        if (value == null) {
            return now;
        }
        Long millis = number(value);
        if (millis == null || millis < 0 || Instant.ofEpochMilli(millis).isAfter(now.plus(CLOCK_SKEW))) {
            LOG.warn("Request {}: ignoring header {}: not epoch milliseconds in the past", messageId,
                    PushHeaders.FIRST_RECEIVED);
            return now;
        }
        return Instant.ofEpochMilli(millis);
    }

    /** A whole number from an AMQP integer type or its decimal text; null for anything else. */
    private static Long number(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        try {
            return Long.parseLong(text(value).trim());
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    /** AMQP strings may arrive as the client's LongString; toString gives their text either way. */
    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private static List<String> presentNames(Object attempt, Object firstReceived, Object parked) {
        List<String> names = new ArrayList<>(3);
        if (attempt != null) {
            names.add(PushHeaders.ATTEMPT);
        }
        if (firstReceived != null) {
            names.add(PushHeaders.FIRST_RECEIVED);
        }
        if (parked != null) {
            names.add(PushHeaders.PARKED);
        }
        return names;
    }
}
