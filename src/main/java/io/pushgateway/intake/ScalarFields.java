package io.pushgateway.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pushgateway.core.InvalidPushRequestException;
import io.pushgateway.core.JsonText;
import io.pushgateway.core.Priority;
import java.util.Locale;

/** Reads the request's optional scalar fields; JSON null counts as absent for all of them. */
final class ScalarFields {

    /** FCM's maximum time to live: four weeks. */
    static final int MAX_TTL_SECONDS = 2_419_200;

    /** AMQP 0-9-1 properties such as message_id are short strings: at most 255 bytes. */
    static final int MAX_MESSAGE_ID_BYTES = 255;

    private ScalarFields() {
    }

    /**
     * {@code project}: the name of a configured Firebase project, or null for the default one. Only
     * the type is checked here: any string may name a project, and whether the gateway knows it is the
     * send path's question ({@code unknown-project} otherwise). Its characters are not judged here,
     * because a producer who writes a Firebase project id ({@code my-app-prod}) needs the answer that
     * names the configured projects, not one about the alphabet.
     */
    static String project(ObjectNode request, boolean legacyProtocol) {
        String project = optionalString(request, "project");
        if (project == null) {
            return null;
        }
        if (legacyProtocol) {
            throw InvalidPushRequestException.invalidRequest(
                    "project is not supported on the legacy protocol: projects are FCM HTTP v1 only");
        }
        return project;
    }

    /**
     * {@code message_id}: echoed as the AMQP {@code message_id} of every message the request leads to,
     * a short string of at most {@value #MAX_MESSAGE_ID_BYTES} bytes. The AMQP client refuses to
     * publish a longer one, so none of the request's outcomes could ever be published; it is refused
     * here instead, where the producer learns why.
     */
    static String messageId(ObjectNode request) {
        String messageId = optionalString(request, "message_id");
        if (messageId != null && !messageId.isBlank() && PayloadSize.utf8Length(messageId) > MAX_MESSAGE_ID_BYTES) {
            throw InvalidPushRequestException.invalidRequest("message_id is " + PayloadSize.utf8Length(messageId)
                    + " bytes of UTF-8, more than the " + MAX_MESSAGE_ID_BYTES + " an AMQP message_id holds");
        }
        return messageId;
    }

    /** {@code validate_only}: true asks FCM for a dry run; only a JSON boolean is accepted. */
    static boolean validateOnly(ObjectNode request) {
        JsonNode value = request.get("validate_only");
        if (isAbsent(value)) {
            return false;
        }
        if (!value.isBoolean()) {
            throw InvalidPushRequestException.invalidRequest(
                    "validate_only must be true or false, got " + JsonText.typeName(value));
        }
        return value.booleanValue();
    }

    /** The field's string, or null when absent or null. */
    static String optionalString(ObjectNode request, String field) {
        JsonNode value = request.get(field);
        if (isAbsent(value)) {
            return null;
        }
        if (!value.isTextual()) {
            throw InvalidPushRequestException.invalidRequest(
                    field + " must be a string, got " + JsonText.typeName(value));
        }
        return requireWellFormed(field, value.textValue());
    }

    static Priority priority(ObjectNode request) {
        String priority = optionalString(request, "priority");
        if (priority == null) {
            return null;
        }
        return switch (priority.toLowerCase(Locale.ROOT)) {
            case "high" -> Priority.HIGH;
            case "normal" -> Priority.NORMAL;
            default -> throw InvalidPushRequestException.invalidRequest(
                    "priority must be \"high\" or \"normal\", got " + JsonText.quoted(priority));
        };
    }

    /** Only a JSON integer is accepted: 1.5, 10.0 and "10" are all refused rather than guessed at. */
    static Integer ttlSeconds(ObjectNode request) {
        JsonNode value = request.get("ttl_seconds");
        if (isAbsent(value)) {
            return null;
        }
        if (!value.isIntegralNumber()) {
            throw InvalidPushRequestException.invalidRequest(
                    "ttl_seconds must be a whole number of seconds, got " + describeNonInteger(value));
        }
        if (!value.canConvertToInt() || value.intValue() < 0 || value.intValue() > MAX_TTL_SECONDS) {
            throw InvalidPushRequestException.invalidRequest("ttl_seconds must be between 0 and "
                    + MAX_TTL_SECONDS + " (four weeks), got " + JsonText.abbreviate(value.asText()));
        }
        return value.intValue();
    }

    static String requireWellFormed(String field, String text) {
        if (!JsonText.isWellFormedUnicode(text)) {
            throw InvalidPushRequestException.invalidRequest(
                    field + " holds an unpaired UTF-16 surrogate escape, which cannot be sent as UTF-8");
        }
        return text;
    }

    static boolean isAbsent(JsonNode value) {
        return value == null || value.isNull();
    }

    private static String describeNonInteger(JsonNode value) {
        return value.isNumber() ? JsonText.abbreviate(value.asText()) : JsonText.typeName(value);
    }
}
