package io.pushgateway.provider.fcm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Lays what a request says explicitly over what the gateway derived, without touching either input. */
final class JsonMerge {

    private JsonMerge() {
    }

    /**
     * A new object: {@code derived} with every field of {@code explicit} laid over it. Where both
     * hold an object the two are merged the same way, field by field; anywhere else the explicit
     * value wins, JSON null included (in proto3 JSON null asks for FCM's default).
     *
     * @param explicit may be null, then the result is a copy of {@code derived}
     */
    static ObjectNode over(ObjectNode derived, ObjectNode explicit) {
        ObjectNode merged = derived.deepCopy();
        if (explicit != null) {
            layOver(merged, explicit);
        }
        return merged;
    }

    private static void layOver(ObjectNode target, ObjectNode explicit) {
        for (Map.Entry<String, JsonNode> entry : explicit.properties()) {
            JsonNode existing = target.get(entry.getKey());
            JsonNode value = entry.getValue();
            if (existing instanceof ObjectNode existingObject && value instanceof ObjectNode valueObject) {
                layOver(existingObject, valueObject);
            } else {
                target.set(entry.getKey(), value.deepCopy());
            }
        }
    }
}
