package io.pushgateway.outcome;

import java.util.Map;

/**
 * One message derived from a request, bound for an outcome endpoint.
 *
 * @param kind        which endpoint: TOKEN_UPDATE, TOKEN_DELETE, RETRY or DEAD_LETTER
 * @param headers     AMQP headers ({@code x-push-*})
 * @param messageId   the request's correlation id, sent as the AMQP message_id
 * @param routingKey  only for RETRY: the queue of the chosen delay level
 * @param retryLevel  only for RETRY: the level (1-based); 0 otherwise
 */
public record OutboundMessage(
        Outcome kind,
        byte[] body,
        Map<String, Object> headers,
        String messageId,
        String contentType,
        String type,
        String routingKey,
        int retryLevel) {

    /** A message that is not a retry request (no routing key, no level). */
    public OutboundMessage(Outcome kind, byte[] body, Map<String, Object> headers, String messageId,
                           String contentType, String type) {
        this(kind, body, headers, messageId, contentType, type, null, 0);
    }
}
