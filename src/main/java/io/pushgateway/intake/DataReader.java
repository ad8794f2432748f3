package io.pushgateway.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushgateway.core.InvalidPushRequestException;
import io.pushgateway.core.JsonText;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@code data} into the string map FCM requires: strings as they are, numbers as the text
 * the producer wrote, booleans as {@code "true"}/{@code "false"}. Anything FCM would refuse later
 * (nested values, nulls, reserved keys) is refused here, so the request dead-letters with a
 * reason the producer can act on instead of an FCM error per token.
 */
final class DataReader {

    static final String FIELD = "data";

    /**
     * Largest decimal exponent written out in full. A literal without an exponent never exceeds
     * it (Jackson caps number literals at 1000 characters); {@code 1e999999999} would otherwise
     * expand to a billion digits.
     */
    private static final int MAX_PLAIN_SCALE = 1000;

    private DataReader() {
    }

    /** The data map in the producer's key order; empty when {@code data} is absent or null. */
    static Map<String, String> read(JsonNode data) {
        if (ScalarFields.isAbsent(data)) {
            return Map.of();
        }
        if (!data.isObject()) {
            throw InvalidPushRequestException.invalidRequest(
                    "data must be an object of string, number or boolean values, got " + JsonText.typeName(data));
        }
        Map<String, String> values = new LinkedHashMap<>(capacityFor(data.size()));
        for (Map.Entry<String, JsonNode> entry : data.properties()) {
            String key = entry.getKey();
            if (!JsonText.isWellFormedUnicode(key)) {
                throw InvalidPushRequestException.invalidRequest(
                        "a data key holds an unpaired UTF-16 surrogate escape, which cannot be sent as UTF-8");
            }
            rejectReservedKey(key);
            values.put(key, valueAsString(key, entry.getValue()));
        }
        return Collections.unmodifiableMap(values);
    }

    /** FCM refuses these keys (legacy InvalidDataKey, v1 INVALID_ARGUMENT). */
    static boolean isReservedKey(String key) {
        return key.equals("from") || key.equals("message_type") || key.startsWith("google") || key.startsWith("gcm");
    }

    private static void rejectReservedKey(String key) {
        if (isReservedKey(key)) {
            throw InvalidPushRequestException.invalidRequest(path(key)
                    + " uses a key FCM reserves (from, message_type, or a key starting with google or gcm)");
        }
    }

    private static String valueAsString(String key, JsonNode value) {
        if (value.isTextual()) {
            return ScalarFields.requireWellFormed(path(key), value.textValue());
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? "true" : "false";
        }
        if (value.isIntegralNumber()) {
            return value.asText();
        }
        if (value.isNumber()) {
            return decimalText(value.decimalValue());
        }
        String problem = value.isNull() ? "must not be null" : "must be a string, number or boolean, got " + JsonText.typeName(value);
        throw InvalidPushRequestException.invalidRequest(path(key) + " " + problem);
    }

    /**
     * The parser keeps decimals exact, scale included, so the plain form is the producer's own
     * literal ({@code 1.5}, {@code 0.10}, {@code 0.0000001}); an exponent literal comes out
     * expanded ({@code 1e3} as {@code 1000}), which any receiver reads as the same number.
     */
    private static String decimalText(BigDecimal decimal) {
        return Math.abs(decimal.scale()) <= MAX_PLAIN_SCALE ? decimal.toPlainString() : decimal.toString();
    }

    private static String path(String key) {
        return FIELD + "." + JsonText.abbreviate(key);
    }

    private static int capacityFor(int entries) {
        return (int) (entries / 0.75f) + 1;
    }
}
