package io.pushgateway.outcome;

import io.pushgateway.intake.PushRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A request as this delivery of it sees it: the parsed body plus what the broker message said.
 *
 * @param attempt       x-push-attempt of the delivery (0 before any retry)
 * @param firstReceived when the gateway first saw the request (x-push-first-received)
 * @param amqpType      the producer's AMQP {@code type}, kept on retries
 * @param contentType   the producer's content type, kept on retries
 */
public record RequestContext(
        PushRequest request,
        int attempt,
        Instant firstReceived,
        String amqpType,
        String contentType) {

    /** A request whose ttl_seconds has passed since it was first received is not sent any more. */
    public boolean expired(Clock clock) {
        Integer ttl = request.ttlSeconds();
        if (ttl == null) {
            return false;
        }
        return clock.instant().isAfter(firstReceived.plus(Duration.ofSeconds(ttl)));
    }
}
