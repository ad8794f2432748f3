package io.pushgateway.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pushgateway.core.InvalidPushRequestException;
import io.pushgateway.core.JsonText;
import io.pushgateway.core.PlatformBlocks;
import java.util.Map;

/**
 * Reads FCM v1's platform blocks {@code android}, {@code apns}, {@code webpush} and
 * {@code fcm_options}. Their content is FCM's to judge and is passed through as given; what is
 * checked here is what would otherwise break the gateway itself: a block that is not an object,
 * text that cannot be written as UTF-8, and blocks the legacy protocol has no place for.
 */
final class PlatformBlockReader {

    static final String ANDROID = "android";
    static final String APNS = "apns";
    static final String WEBPUSH = "webpush";
    static final String FCM_OPTIONS = "fcm_options";
    /** The one platform field a legacy send may carry: it only labels analytics, so dropping it loses no delivery. */
    static final String ANALYTICS_LABEL = "analytics_label";

    private PlatformBlockReader() {
    }

    static PlatformBlocks read(ObjectNode request, boolean legacyProtocol) {
        ObjectNode android = block(request, ANDROID);
        ObjectNode apns = block(request, APNS);
        ObjectNode webpush = block(request, WEBPUSH);
        ObjectNode fcmOptions = block(request, FCM_OPTIONS);
        if (!legacyProtocol) {
            return new PlatformBlocks(android, apns, webpush, fcmOptions);
        }
        refuseOnLegacy(ANDROID, android);
        refuseOnLegacy(APNS, apns);
        refuseOnLegacy(WEBPUSH, webpush);
        if (fcmOptions != null) {
            fcmOptions.fieldNames().forEachRemaining(PlatformBlockReader::refuseFcmOptionOnLegacy);
        }
        return PlatformBlocks.NONE;
    }

    private static ObjectNode block(ObjectNode request, String field) {
        JsonNode value = request.get(field);
        if (ScalarFields.isAbsent(value)) {
            return null;
        }
        if (!value.isObject()) {
            throw InvalidPushRequestException.invalidRequest(
                    field + " must be an object (FCM v1's " + field + " block), got " + JsonText.typeName(value));
        }
        requireWellFormedText(field, value);
        return (ObjectNode) value;
    }

    private static void refuseOnLegacy(String field, ObjectNode block) {
        if (block != null) {
            throw InvalidPushRequestException.invalidRequest(field
                    + " is an FCM HTTP v1 platform block; the legacy protocol has no such block");
        }
    }

    private static void refuseFcmOptionOnLegacy(String option) {
        if (!option.equals(ANALYTICS_LABEL)) {
            throw InvalidPushRequestException.invalidRequest(FCM_OPTIONS + "." + JsonText.abbreviate(option)
                    + " is FCM HTTP v1 only; on the legacy protocol fcm_options may only hold analytics_label");
        }
    }

    /** Every key and string in the block must have a UTF-8 form, or the send body could not be written. */
    private static void requireWellFormedText(String path, JsonNode node) {
        if (node.isTextual()) {
            ScalarFields.requireWellFormed(path, node.textValue());
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                String key = entry.getKey();
                if (!JsonText.isWellFormedUnicode(key)) {
                    throw InvalidPushRequestException.invalidRequest("a key in " + path
                            + " holds an unpaired UTF-16 surrogate escape, which cannot be sent as UTF-8");
                }
                requireWellFormedText(path + "." + JsonText.abbreviate(key), entry.getValue());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                requireWellFormedText(path + "[" + i + "]", node.get(i));
            }
        }
    }
}
