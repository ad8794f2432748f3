package io.pushgateway.routes;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

/** Deliveries as the broker: consumer hands them to the intake route: AMQP messages with JSON bodies. */
final class Deliveries {

    private static final AtomicLong DELIVERY_TAGS = new AtomicLong();

    private Deliveries() {
    }

    /** A producer's request on its first delivery. */
    static Message request(String json) {
        MessageProperties props = new MessageProperties();
        props.setContentType("application/json");
        props.setDeliveryTag(DELIVERY_TAGS.incrementAndGet());
        props.setConsumerQueue("push.requests");
        return new Message(json.getBytes(StandardCharsets.UTF_8), props);
    }

    /** A producer's request on its first delivery, with an AMQP message_id (what a dead letter "as received" keeps). */
    static Message request(String json, String amqpMessageId) {
        Message message = request(json);
        message.getMessageProperties().setMessageId(amqpMessageId);
        return message;
    }

    /**
     * A request the broker dead-lettered back to the intake from retry level {@code level} once its
     * TTL ran out, with the gateway's own bookkeeping headers (README, "Retries").
     */
    static Message fromRetryLevel(String json, int level, int attempt, Instant firstReceived) {
        Message message = request(json);
        MessageProperties props = message.getMessageProperties();
        props.setHeader("x-push-attempt", attempt);
        props.setHeader("x-push-first-received", firstReceived.toEpochMilli());
        props.setHeader("x-death", List.of(Map.of("queue", "push.retry." + level, "reason", "expired", "count", 1L,
                "exchange", "", "routing-keys", List.of("push.retry." + level))));
        return message;
    }

    /**
     * A push request's JSON: a title, the message id, the tokens ({@code registration_tokens}, a JSON list or
     * user → token object) and any further {@code "field":value} pairs.
     */
    static String requestBody(String messageId, String registrationTokens, String... moreFields) {
        StringBuilder json = new StringBuilder("{\"push_code\":\"ROUTE_TEST\",\"title\":\"route test\",")
                .append("\"message_id\":\"").append(messageId).append("\",")
                .append("\"registration_tokens\":").append(registrationTokens);
        for (String field : moreFields) {
            json.append(',').append(field);
        }
        return json.append('}').toString();
    }

    /** A JSON list of tokens. */
    static String tokens(String... tokens) {
        return "[\"" + String.join("\",\"", tokens) + "\"]";
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }
}
