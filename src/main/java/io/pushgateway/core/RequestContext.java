package io.pushgateway.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A request as this delivery of it sees it: the parsed body plus what the broker message said.
 *
 * @param attempt        x-push-attempt of the delivery (0 before any retry)
 * @param firstReceived  when the gateway first saw the request (x-push-first-received)
 * @param amqpType       the producer's AMQP {@code type}, kept on retries
 * @param contentType    the producer's content type, kept on retries
 * @param fromRetryLevel this delivery came back from one of the gateway's retry levels (tokens the
 *                       open circuit held back come back with attempt 0, so the attempt alone
 *                       does not say it)
 * @param parked         x-push-parked of the delivery: how often in a row its outcomes could not be
 *                       published (0 unless it came back parked from a retry level)
 */
public record RequestContext(
        PushRequest request,
        int attempt,
        Instant firstReceived,
        String amqpType,
        String contentType,
        boolean fromRetryLevel,
        int parked) {

    /** A context whose delivery counts as a retry exactly when its attempt is above 0. */
    public RequestContext(PushRequest request, int attempt, Instant firstReceived, String amqpType,
                          String contentType) {
        this(request, attempt, firstReceived, amqpType, contentType, attempt > 0, 0);
    }

    /**
     * A request whose ttl_seconds has passed since it was first received is not sent any more.
     * ttl_seconds 0 is FCM's "now or never": sent on its first delivery, expired on any retry.
     */
    public boolean expired(Clock clock) {
        Integer ttl = request.ttlSeconds();
        if (ttl == null) {
            return false;
        }
        if (ttl == 0) {
            return fromRetryLevel;
        }
        return clock.instant().isAfter(firstReceived.plus(Duration.ofSeconds(ttl)));
    }
}
