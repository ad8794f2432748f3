package io.pushgateway.intake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code registration_tokens}: a JSON array of tokens, or an object mapping an application
 * key (a user id) to a token, as a PHP associative array encodes. A token listed twice is sent
 * once, under its first position and key, so FCM never delivers the same push twice to a device.
 */
final class TokenListReader {

    static final String FIELD = "registration_tokens";

    private final int maxTokens;

    TokenListReader(int maxTokens) {
        this.maxTokens = maxTokens;
    }

    /** The distinct tokens, in the order received, and whether they came as a map. */
    record Tokens(List<DeviceToken> list, boolean asMap) {
    }

    Tokens read(JsonNode tokens) {
        if (ScalarFields.isAbsent(tokens)) {
            throw InvalidPushRequestException.noTokens(FIELD + " is missing: a request needs at least one token");
        }
        if (!tokens.isArray() && !tokens.isObject()) {
            throw InvalidPushRequestException.invalidRequest(FIELD
                    + " must be an array of tokens or an object of user to token, got " + JsonText.typeName(tokens));
        }
        if (tokens.isEmpty()) {
            throw InvalidPushRequestException.noTokens(FIELD + " is empty: a request needs at least one token");
        }
        // Checked before any element is looked at, so an oversized list costs nothing more.
        if (tokens.size() > maxTokens) {
            throw InvalidPushRequestException.invalidRequest(FIELD + " lists " + tokens.size()
                    + " tokens, more than the limit of " + maxTokens + " per request");
        }
        return tokens.isArray() ? new Tokens(readArray(tokens), false) : new Tokens(readMap(tokens), true);
    }

    private static List<DeviceToken> readArray(JsonNode array) {
        int size = array.size();
        List<DeviceToken> distinct = new ArrayList<>(size);
        Set<String> seen = new HashSet<>(capacityFor(size));
        for (int position = 0; position < size; position++) {
            JsonNode element = array.get(position);
            String problem = problemWith(element);
            if (problem != null) {
                throw InvalidPushRequestException.invalidRequest(FIELD + "[" + position + "] " + problem);
            }
            String token = element.textValue();
            if (seen.add(token)) {
                distinct.add(new DeviceToken(null, token));
            }
        }
        return Collections.unmodifiableList(distinct);
    }

    private static List<DeviceToken> readMap(JsonNode map) {
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
                throw InvalidPushRequestException.invalidRequest(FIELD + "[" + JsonText.quoted(user) + "] " + problem);
            }
            String token = entry.getValue().textValue();
            if (seen.add(token)) {
                distinct.add(new DeviceToken(user, token));
            }
        }
        return Collections.unmodifiableList(distinct);
    }

    /** Why this element cannot be a token, or null when it can; never quotes the token itself. */
    private static String problemWith(JsonNode element) {
        if (!element.isTextual()) {
            return "must be a token string, got " + JsonText.typeName(element);
        }
        String token = element.textValue();
        if (token.isBlank()) {
            return "is an empty token";
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
