package io.pushgateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushgateway.core.DeviceToken;
import io.pushgateway.core.Outcome;
import io.pushgateway.core.TargetKind;
import io.pushgateway.core.TokenResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns FCM's answers into one {@link TokenResult} per token, using {@link ErrorOutcomeTable}.
 * It is also the one place that decides which answers fail a whole send as transient
 * ({@link #failsTransiently}): those count against the circuit breaker and go to the retry levels.
 *
 * <p>The answer is read for the request's {@link TargetKind}: a v1 {@code INVALID_ARGUMENT} is
 * about the device when it names {@code message.token} for tokens and {@code message.fid} for
 * installation ids; a topic or condition has no device, so what would delete or update a token
 * is a dead letter or a delivery for it.
 */
public final class ResultClassifier {

    static final String FCM_ERROR_TYPE = "type.googleapis.com/google.firebase.fcm.v1.FcmError";
    static final String BAD_REQUEST_TYPE = "type.googleapis.com/google.rpc.BadRequest";
    /** Enough of FCM's complaint to name the field; a dead-letter header stays small. */
    private static final int MAX_COMPLAINT_CHARS = 300;

    private final ErrorOutcomeTable table;
    private final ObjectMapper json;

    public ResultClassifier(ErrorOutcomeTable table, ObjectMapper json) {
        this.table = table;
        this.json = json;
    }

    /**
     * True when the whole send failed for a reason that may pass: 5xx, 429, and on v1 a 401
     * without an FCM error detail (our access token was refused; it is refreshed first).
     */
    public boolean failsTransiently(Protocol protocol, int status, byte[] body) {
        if (status >= 500 || status == 429) {
            return true;
        }
        return protocol == Protocol.V1 && status == 401 && fcmErrorCode(parse(body)) == null;
    }

    /** A legacy multicast answer to a token send; see {@link #legacy(List, TargetKind, int, byte[], Duration)}. */
    public List<TokenResult> legacy(List<DeviceToken> batch, int status, byte[] body, Duration retryAfter) {
        return legacy(batch, TargetKind.TOKEN, status, body, retryAfter);
    }

    /**
     * A legacy answer: for tokens, results are matched to them by position; a topic or condition
     * send is answered with one {@code message_id} or {@code error} at the top level.
     */
    public List<TokenResult> legacy(List<DeviceToken> batch, TargetKind target, int status, byte[] body,
                                    Duration retryAfter) {
        if (status != 200) {
            return all(batch, target, Protocol.LEGACY, "HTTP_" + status, retryAfter);
        }
        JsonNode root = parse(body);
        if (!target.isDevice() && batch.size() == 1 && (root.has("message_id") || root.has("error"))) {
            return List.of(legacyEntry(batch.get(0), target, root, retryAfter));
        }
        JsonNode results = root.path("results");
        if (!results.isArray() || results.size() != batch.size()) {
            // A 200 we cannot match to the tokens says nothing about them: send them again.
            return all(batch, Outcome.RETRY, "malformed-response", retryAfter);
        }
        List<TokenResult> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            out.add(legacyEntry(batch.get(i), target, results.get(i), retryAfter));
        }
        return out;
    }

    private TokenResult legacyEntry(DeviceToken token, TargetKind target, JsonNode entry, Duration retryAfter) {
        if (entry.hasNonNull("message_id")) {
            String canonical = entry.path("registration_id").asText(null);
            return canonical == null || canonical.equals(token.token()) || !target.isDevice()
                    ? TokenResult.delivered(token)
                    : TokenResult.updated(token, canonical);
        }
        String error = entry.path("error").asText("UnknownError");
        return TokenResult.failed(token, outcomeFor(target, Protocol.LEGACY, error), error, retryAfter);
    }

    /** A v1 answer to a token send; see {@link #v1(DeviceToken, TargetKind, int, byte[], Duration)}. */
    public TokenResult v1(DeviceToken token, int status, byte[] body, Duration retryAfter) {
        return v1(token, TargetKind.TOKEN, status, body, retryAfter);
    }

    /**
     * A v1 answer for one target.
     *
     * @param token  the target as the request listed it (a topic or condition is its value)
     * @param target the request's target kind
     */
    public TokenResult v1(DeviceToken token, TargetKind target, int status, byte[] body, Duration retryAfter) {
        if (status == 200) {
            return TokenResult.delivered(token);
        }
        JsonNode root = parse(body);
        JsonNode error = root.path("error");
        String code = fcmErrorCode(root);
        if (code == null) {
            code = error.path("status").asText(null);
        }
        if (code == null) {
            // No google.rpc.Status at all (a 502 HTML page, say): only the HTTP status speaks.
            code = "HTTP_" + status;
        }
        String lookup = code;
        if (code.equals("INVALID_ARGUMENT")) {
            lookup = aboutDevice(error, target) ? "INVALID_ARGUMENT:token" : "INVALID_ARGUMENT:payload";
        }
        TokenResult result = TokenResult.failed(token, outcomeFor(target, Protocol.V1, lookup), code, retryAfter);
        // A refused payload is the publisher's to fix: keep FCM's words (which field) for the dead letter.
        return lookup.equals("INVALID_ARGUMENT:payload") ? result.withFcmMessage(payloadComplaint(error)) : result;
    }

    /** FCM's field violations (or else its message) about a payload; short, one line, never a credential. */
    private static String payloadComplaint(JsonNode error) {
        List<String> parts = new ArrayList<>();
        for (JsonNode detail : error.path("details")) {
            if (BAD_REQUEST_TYPE.equals(detail.path("@type").asText())) {
                for (JsonNode violation : detail.path("fieldViolations")) {
                    parts.add(violation.path("field").asText("") + ": " + violation.path("description").asText(""));
                }
            }
        }
        String text = parts.isEmpty() ? error.path("message").asText("") : String.join("; ", parts);
        text = text.replaceAll("\\p{Cntrl}", " ").strip();
        if (text.isEmpty()) {
            return null;
        }
        return text.length() <= MAX_COMPLAINT_CHARS ? text : text.substring(0, MAX_COMPLAINT_CHARS) + "...";
    }

    /** Every token of a send that failed as a whole gets the same result. */
    public List<TokenResult> all(List<DeviceToken> batch, Protocol protocol, String error, Duration retryAfter) {
        return all(batch, TargetKind.TOKEN, protocol, error, retryAfter);
    }

    /** Every target of a send that failed as a whole gets the same result. */
    public List<TokenResult> all(List<DeviceToken> batch, TargetKind target, Protocol protocol, String error,
                                 Duration retryAfter) {
        return all(batch, outcomeFor(target, protocol, error), error, retryAfter);
    }

    /**
     * The table's outcome, read for the target: a topic or condition has no token to delete, so
     * an answer that would delete one is a dead letter (contract section 2, "Targets").
     */
    private Outcome outcomeFor(TargetKind target, Protocol protocol, String error) {
        Outcome outcome = table.outcomeOf(protocol, error);
        return outcome == Outcome.TOKEN_DELETE && !target.isDevice() ? Outcome.DEAD_LETTER : outcome;
    }

    private static List<TokenResult> all(List<DeviceToken> batch, Outcome outcome, String error, Duration retryAfter) {
        List<TokenResult> out = new ArrayList<>(batch.size());
        batch.forEach(t -> out.add(TokenResult.failed(t, outcome, error, retryAfter)));
        return out;
    }

    /** The FcmError detail's errorCode, or null when FCM sent none. */
    private static String fcmErrorCode(JsonNode root) {
        for (JsonNode detail : root.path("error").path("details")) {
            if (FCM_ERROR_TYPE.equals(detail.path("@type").asText()) && detail.hasNonNull("errorCode")) {
                String code = detail.get("errorCode").asText();
                // The SDKs treat APNS_AUTH_ERROR as the older name of THIRD_PARTY_AUTH_ERROR.
                return "APNS_AUTH_ERROR".equals(code) ? "THIRD_PARTY_AUTH_ERROR" : code;
            }
        }
        return null;
    }

    /**
     * INVALID_ARGUMENT is about the device when a field violation or the message names the
     * request's target field: {@code message.token} for tokens (or FCM's words "registration
     * token"), {@code message.fid} for installation ids. A topic or condition is never a device.
     */
    private static boolean aboutDevice(JsonNode error, TargetKind target) {
        if (!target.isDevice()) {
            return false;
        }
        String field = "message." + target.messageField();
        for (JsonNode detail : error.path("details")) {
            if (BAD_REQUEST_TYPE.equals(detail.path("@type").asText())) {
                for (JsonNode violation : detail.path("fieldViolations")) {
                    if (field.equals(violation.path("field").asText())) {
                        return true;
                    }
                }
            }
        }
        String message = error.path("message").asText("");
        return message.contains(field) || (target == TargetKind.TOKEN && message.contains("registration token"));
    }

    private JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return json.missingNode();
        }
        try {
            JsonNode node = json.readTree(body);
            return node == null ? json.missingNode() : node;
        } catch (IOException notJson) {
            return json.missingNode();
        }
    }
}
