package io.pushgateway.core;

import java.util.List;
import java.util.Map;

/**
 * One message derived from a request, bound for an outcome endpoint.
 *
 * @param kind        which endpoint: TOKEN_UPDATE, TOKEN_DELETE, RETRY or DEAD_LETTER
 * @param headers     AMQP headers ({@code x-push-*})
 * @param messageId   the request's correlation id, sent as the AMQP message_id
 * @param routingKey  only for RETRY: the queue of the chosen delay level
 * @param retryLevel  only for RETRY: the level (1-based); 0 otherwise
 * @param targets     the request's targets this message settles (what a parked request must send
 *                    again when the message could not be published); empty for a whole unreadable request
 */
public record OutboundMessage(
        Outcome kind,
        byte[] body,
        Map<String, Object> headers,
        String messageId,
        String contentType,
        String type,
        String routingKey,
        int retryLevel,
        List<DeviceToken> targets) {

    public OutboundMessage {
        targets = List.copyOf(targets);
    }

    /** A message that is not a retry request (no routing key, no level). */
    public OutboundMessage(Outcome kind, byte[] body, Map<String, Object> headers, String messageId,
                           String contentType, String type, List<DeviceToken> targets) {
        this(kind, body, headers, messageId, contentType, type, null, 0, targets);
    }
}
