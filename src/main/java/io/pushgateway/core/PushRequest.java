package io.pushgateway.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A validated push request (contract section 2).
 *
 * @param messageId    correlation id: the JSON {@code message_id}, else the AMQP one, else generated
 * @param pushCode     the producer's {@code push_code}, echoed in events; may be null
 * @param data         {@code data} with every value already a string; empty when absent
 * @param priority     null when absent
 * @param ttlSeconds   null when absent
 * @param tokens       the targets: distinct tokens or installation ids in the order received, or
 *                     the one topic or condition (with user null)
 * @param tokensAsMap  true when the device list was a user → token (or id) object
 * @param original     the request JSON as received, unknown fields included; never mutated
 * @param target       which target field the request used
 * @param project      the configured Firebase project to send with; null for the default project
 * @param platform     the v1 platform blocks as given; {@link PlatformBlocks#NONE} on the legacy protocol
 * @param validateOnly FCM's dry run: checked by FCM, delivered to nobody
 * @param recipients   real-time channel only (contract section 6): {@code web_users} and {@code groups}
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
        TargetKind target,
        String project,
        PlatformBlocks platform,
        boolean validateOnly,
        RealtimeRecipients recipients) {

    public PushRequest {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(recipients, "recipients");
    }

    /** A request without real-time recipients of its own (web_users, groups). */
    public PushRequest(String messageId, String pushCode, String title, String body, String icon, String image,
                       Map<String, String> data, Priority priority, Integer ttlSeconds, String collapseKey,
                       List<DeviceToken> tokens, boolean tokensAsMap, ObjectNode original, TargetKind target,
                       String project, PlatformBlocks platform, boolean validateOnly) {
        this(messageId, pushCode, title, body, icon, image, data, priority, ttlSeconds, collapseKey, tokens,
                tokensAsMap, original, target, project, platform, validateOnly, RealtimeRecipients.NONE);
    }

    /** A token request for the default project, without platform blocks, not a dry run. */
    public PushRequest(String messageId, String pushCode, String title, String body, String icon, String image,
                       Map<String, String> data, Priority priority, Integer ttlSeconds, String collapseKey,
                       List<DeviceToken> tokens, boolean tokensAsMap, ObjectNode original) {
        this(messageId, pushCode, title, body, icon, image, data, priority, ttlSeconds, collapseKey, tokens,
                tokensAsMap, original, TargetKind.TOKEN, null, PlatformBlocks.NONE, false);
    }

    /**
     * The request as received with its target field reduced to {@code subset}, in the same form
     * (list or map) as the original; used for retries and dead letters. {@code installation_ids}
     * stays {@code installation_ids}; a topic or condition is its own single target and is kept
     * as it is. Every other field is copied, but the target list as received is not: for a
     * 100,000-token request copied once per outcome group, that list is most of the memory.
     */
    public ObjectNode withTokens(List<DeviceToken> subset) {
        String field = target.requestField();
        ObjectNode copy = original.objectNode();
        boolean targetWritten = false;
        for (Map.Entry<String, JsonNode> entry : original.properties()) {
            if (entry.getKey().equals(field)) {
                copy.set(field, reducedTarget(subset, entry.getValue()));
                targetWritten = true;
            } else {
                copy.set(entry.getKey(), entry.getValue().deepCopy());
            }
        }
        if (!targetWritten) {
            copy.set(field, reducedTarget(subset, null));
        }
        return copy;
    }

    private JsonNode reducedTarget(List<DeviceToken> subset, JsonNode asReceived) {
        if (!target.isDevice()) {
            return asReceived != null ? asReceived.deepCopy() : original.textNode(subset.get(0).token());
        }
        if (tokensAsMap) {
            ObjectNode map = original.objectNode();
            subset.forEach(t -> map.put(t.user(), t.token()));
            return map;
        }
        ArrayNode array = original.arrayNode(subset.size());
        subset.forEach(t -> array.add(t.token()));
        return array;
    }
}
