package io.pushgateway.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushgateway.core.DeviceToken;
import io.pushgateway.core.InvalidPushRequestException;
import io.pushgateway.core.JsonText;
import io.pushgateway.core.TargetKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a device list, {@code registration_tokens} or {@code installation_ids}: a JSON array, or
 * an object mapping an application key (a user id) to a token or id, as a PHP associative array
 * encodes. A token listed twice is sent once, under its first position and key, so FCM never
 * delivers the same push twice to a device.
 */
final class TokenListReader {

    private final String field;
    private final String noun;
    private final int maxTokens;

    /** @param kind {@link TargetKind#TOKEN} or {@link TargetKind#FID} */
    TokenListReader(TargetKind kind, int maxTokens) {
        if (!kind.isDevice()) {
            throw new IllegalArgumentException(kind + " is not a device list");
        }
        this.field = kind.requestField();
        this.noun = kind.noun();
        this.maxTokens = maxTokens;
    }

    /** The distinct tokens, in the order received, and whether they came as a map. */
    record Tokens(List<DeviceToken> list, boolean asMap) {
    }

    Tokens read(JsonNode tokens) {
        if (ScalarFields.isAbsent(tokens)) {
            throw InvalidPushRequestException.noTokens(field + " is missing: a request needs at least one " + noun);
        }
        if (!tokens.isArray() && !tokens.isObject()) {
            throw InvalidPushRequestException.invalidRequest(field + " must be an array of " + noun
                    + "s or an object of user to " + noun + ", got " + JsonText.typeName(tokens));
        }
        if (tokens.isEmpty()) {
            throw InvalidPushRequestException.noTokens(field + " is empty: a request needs at least one " + noun);
        }
        // Checked before any element is looked at, so an oversized list costs nothing more.
        if (tokens.size() > maxTokens) {
            throw InvalidPushRequestException.invalidRequest(field + " lists " + tokens.size()
                    + " " + noun + "s, more than the limit of " + maxTokens + " per request");
        }
        return tokens.isArray() ? new Tokens(readArray(tokens), false) : new Tokens(readMap(tokens), true);
    }

    private List<DeviceToken> readArray(JsonNode array) {
        int size = array.size();
        List<DeviceToken> distinct = new ArrayList<>(size);
        Set<String> seen = new HashSet<>(capacityFor(size));
        for (int position = 0; position < size; position++) {
            JsonNode element = array.get(position);
            String problem = problemWith(element);
            if (problem != null) {
                throw InvalidPushRequestException.invalidRequest(field + "[" + position + "] " + problem);
            }
            String token = element.textValue();
            if (seen.add(token)) {
                distinct.add(new DeviceToken(null, token));
            }
        }
        return Collections.unmodifiableList(distinct);
    }

    private List<DeviceToken> readMap(JsonNode map) {
        int size = map.size();
        List<DeviceToken> distinct = new ArrayList<>(size);
        Set<String> seen = new HashSet<>(capacityFor(size));
        for (Map.Entry<String, JsonNode> entry : map.properties()) {
            String user = entry.getKey();
            String problem = problemWith(entry.getValue());
            if (problem == null && !JsonText.isWellFormedUnicode(user)) {
                problem = "is listed under a key holding an unpaired UTF-16 surrogate escape";
            }
            if (problem != null) {
                throw InvalidPushRequestException.invalidRequest(field + "[" + JsonText.quoted(user) + "] " + problem);
            }
            String token = entry.getValue().textValue();
            if (seen.add(token)) {
                distinct.add(new DeviceToken(user, token));
            }
        }
        return Collections.unmodifiableList(distinct);
    }

    /** Why this element cannot be a token or id, or null when it can; never quotes the value itself. */
    private String problemWith(JsonNode element) {
        if (!element.isTextual()) {
            return "must be a " + noun + " string, got " + JsonText.typeName(element);
        }
        String token = element.textValue();
        if (token.isBlank()) {
            return "is an empty " + noun;
        }
        if (!JsonText.isWellFormedUnicode(token)) {
            return "holds an unpaired UTF-16 surrogate escape, which cannot be sent as UTF-8";
        }
        return null;
    }

    private static int capacityFor(int entries) {
        return (int) (entries / 0.75f) + 1;
    }
}
