package io.pushgateway.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Generated push requests for the fuzz tests: every field the contract names (sections 2 and 6),
 * one at a time, absent, null, empty, or of every wrong type, laid over each recipient shape. Each
 * must end in a documented outcome: a send, or a dead letter with one of the documented codes.
 */
public final class RequestFuzz {

    /** The codes a request can be dead-lettered with before it is sent (contract, "Dead letters"). */
    public static final Set<String> DOCUMENTED_CODES = Set.of("invalid-json", "invalid-request", "no-tokens",
            "payload-too-large", "unknown-project");

    /** Every field the gateway reads. */
    public static final List<String> FIELDS = List.of("push_code", "title", "body", "icon", "image", "data",
            "registration_tokens", "installation_ids", "topic", "condition", "priority", "ttl_seconds", "collapse_key",
            "message_id", "project", "android", "apns", "webpush", "fcm_options", "validate_only", "web_users", "groups");

    /** A field's value as JSON: absent (null here), null, empty, one of each JSON type, good and bad, and a long one. */
    public static final List<String> VALUES = java.util.Arrays.asList(null, "null", "\"\"", "\"x\"", "\"my-app-prod\"",
            "\"\\ud800\"", "0", "-1", "1.5", "1e400", "true", "[]", "[\"\"]", "[\"x\"]", "[1]", "[null]", "{}",
            "{\"k\":\"v\"}", "{\"k\":{}}", "{\"k\":null}", "{\"k\":[1]}",
            // Longer than an AMQP short string such as message_id may be (255 bytes).
            "\"" + "m".repeat(256) + "\"");

    /**
     * The recipient shapes of contract section 6, each with and without device targets, and the
     * other target kinds; each is valid as it stands on v1 with the channel on.
     */
    public static final Map<String, String> SHAPES = Map.ofEntries(
            Map.entry("token list", "{\"title\":\"t\",\"registration_tokens\":[\"tok-a\"]}"),
            Map.entry("token map", "{\"title\":\"t\",\"registration_tokens\":{\"alice\":\"tok-a\"}}"),
            Map.entry("installation ids", "{\"title\":\"t\",\"installation_ids\":{\"alice\":\"fid-a\"}}"),
            Map.entry("topic", "{\"title\":\"t\",\"topic\":\"news\"}"),
            Map.entry("condition", "{\"title\":\"t\",\"condition\":\"'a' in topics\"}"),
            Map.entry("groups only", "{\"title\":\"t\",\"groups\":[\"g1\"]}"),
            Map.entry("web_users only", "{\"title\":\"t\",\"web_users\":[\"bob\"]}"),
            Map.entry("web_users and groups", "{\"title\":\"t\",\"web_users\":[\"bob\"],\"groups\":[\"g1\"]}"),
            Map.entry("groups and tokens", "{\"title\":\"t\",\"groups\":[\"g1\"],\"registration_tokens\":[\"tok-a\"]}"),
            Map.entry("web_users and ids",
                    "{\"title\":\"t\",\"web_users\":[\"bob\"],\"installation_ids\":[\"fid-a\"]}"),
            Map.entry("nothing", "{\"title\":\"t\"}"));

    /** One generated request: what was changed, and the body. */
    public record Case(String name, byte[] body) {

        @Override
        public String toString() {
            return name;
        }
    }

    private RequestFuzz() {
    }

    /** Every shape with every field set to every value (or removed), one field at a time. */
    public static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (Map.Entry<String, String> shape : SHAPES.entrySet()) {
            out.add(new Case(shape.getKey(), utf8(shape.getValue())));
            for (String field : FIELDS) {
                for (String value : VALUES) {
                    out.add(new Case(shape.getKey() + " with " + field + (value == null ? " absent" : "=" + value),
                            utf8(with(shape.getValue(), field, value))));
                }
            }
        }
        return out;
    }

    /**
     * {@code json} with {@code field} removed, then, unless value is null, set to {@code value} as
     * written: appended as text, so a number such as 1e400 or an escape such as \ud800 reaches the
     * reader exactly as a producer would send it.
     */
    static String with(String json, String field, String value) {
        try {
            ObjectNode request = (ObjectNode) ReaderTesting.JSON.readTree(json);
            request.remove(field);
            String without = ReaderTesting.JSON.writeValueAsString(request);
            if (value == null) {
                return without;
            }
            String head = without.substring(0, without.length() - 1);
            return head + (request.isEmpty() ? "" : ",") + "\"" + field + "\":" + value + "}";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
