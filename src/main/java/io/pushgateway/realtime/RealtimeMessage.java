package io.pushgateway.realtime;

/**
 * One real-time publish: the same JSON body for every recipient of a request, a routing key each
 * ({@code user.<id>} or {@code group.<id>}).
 */
public record RealtimeMessage(String routingKey, String messageId, byte[] body) {
}
