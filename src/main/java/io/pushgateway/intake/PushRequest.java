package io.pushgateway.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pushgateway.realtime.RealtimeRecipients;
import java.util.List;
import java.util.Map;

/**
 * A validated push request (contract section 2).
 *
 * @param messageId   correlation id: the JSON {@code message_id}, else the AMQP one, else generated
 * @param pushCode    the producer's {@code push_code}, echoed in events; may be null
 * @param data        {@code data} with every value already a string; empty when absent
 * @param priority    null when absent
 * @param ttlSeconds  null when absent
 * @param tokens      distinct tokens in the order received
 * @param tokensAsMap true when {@code registration_tokens} was a user → token object
 * @param original    the request JSON as received, unknown fields included; never mutated
 * @param recipients  real-time channel only (contract section 6): {@code web_users} and {@code groups}
 */
public record PushRequest(
        String messageId,
        String pushCode,
        String title,
        String body,
        String icon,
        String image,
        Map<String, String> data,
        Priority priority,
        Integer ttlSeconds,
        String collapseKey,
        List<DeviceToken> tokens,
        boolean tokensAsMap,
        ObjectNode original,
        RealtimeRecipients recipients) {

    /** A request without real-time recipients of its own (web_users, groups). */
    public PushRequest(String messageId, String pushCode, String title, String body, String icon, String image,
                       Map<String, String> data, Priority priority, Integer ttlSeconds, String collapseKey,
                       List<DeviceToken> tokens, boolean tokensAsMap, ObjectNode original) {
        this(messageId, pushCode, title, body, icon, image, data, priority, ttlSeconds, collapseKey, tokens,
                tokensAsMap, original, RealtimeRecipients.NONE);
    }

    /**
     * The request as received with {@code registration_tokens} reduced to {@code subset}, in the
     * same form (list or map) as the original; used for retries and dead letters.
     */
    public ObjectNode withTokens(List<DeviceToken> subset) {
        ObjectNode copy = original.deepCopy();
        if (tokensAsMap) {
            ObjectNode map = copy.putObject("registration_tokens");
            subset.forEach(t -> map.put(t.user(), t.token()));
        } else {
            var array = copy.putArray("registration_tokens");
            subset.forEach(t -> array.add(t.token()));
        }
        return copy;
    }
}
