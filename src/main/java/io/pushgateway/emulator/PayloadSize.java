package io.pushgateway.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/** FCM's payload limit counts the data keys and values plus the notification texts, in UTF-8 bytes. */
final class PayloadSize {

    static final int LIMIT_BYTES = 4096;

    private PayloadSize() {
    }

    static boolean exceedsLimit(JsonNode data, JsonNode notification) {
        return exceedsLimit(data, notification, LIMIT_BYTES);
    }

    /** Topic and condition messages have a smaller limit, {@link Topics#PAYLOAD_LIMIT_BYTES}. */
    static boolean exceedsLimit(JsonNode data, JsonNode notification, int limitBytes) {
        return bytesOf(data, notification) > limitBytes;
    }

    static int limitFor(TargetKind kind) {
        return kind == TargetKind.TOPIC || kind == TargetKind.CONDITION ? Topics.PAYLOAD_LIMIT_BYTES : LIMIT_BYTES;
    }

    static long bytesOf(JsonNode data, JsonNode notification) {
        long total = 0;
        if (data != null && data.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                total += utf8(entry.getKey()) + utf8(textOf(entry.getValue()));
            }
        }
        if (notification != null && notification.isObject()) {
            for (JsonNode value : notification) {
                total += textsIn(value);
            }
        }
        return total;
    }

    /** Legacy data values need not be strings; they count as their JSON text. */
    private static String textOf(JsonNode value) {
        return value.isTextual() ? value.asText() : value.toString();
    }

    private static long textsIn(JsonNode value) {
        if (value.isTextual()) {
            return utf8(value.asText());
        }
        long total = 0;
        if (value.isArray()) {
            for (JsonNode element : value) {
                total += textsIn(element);
            }
        }
        return total;
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
