package io.pushgateway.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * v1 error answers in Google's google.rpc.Status shape:
 * {@code {"error":{"code":<http>,"message":"...","status":"<CANONICAL>","details":[...]}}}.
 */
final class V1ErrorAnswers {

    static final String FCM_ERROR_TYPE = "type.googleapis.com/google.firebase.fcm.v1.FcmError";
    static final String BAD_REQUEST_TYPE = "type.googleapis.com/google.rpc.BadRequest";

    static final String UNREGISTERED = "UNREGISTERED";
    static final String SENDER_ID_MISMATCH = "SENDER_ID_MISMATCH";
    static final String QUOTA_EXCEEDED = "QUOTA_EXCEEDED";
    static final String UNAVAILABLE = "UNAVAILABLE";
    static final String INTERNAL = "INTERNAL";
    static final String THIRD_PARTY_AUTH_ERROR = "THIRD_PARTY_AUTH_ERROR";
    static final String UNSPECIFIED_ERROR = "UNSPECIFIED_ERROR";
    static final String INVALID_ARGUMENT = "INVALID_ARGUMENT";
    /** Our own alias: an INVALID_ARGUMENT that blames the payload, not the token. */
    static final String INVALID_PAYLOAD = "INVALID_PAYLOAD";
    /** Older name of THIRD_PARTY_AUTH_ERROR that SDKs still translate; echoed so clients can test that. */
    static final String APNS_AUTH_ERROR = "APNS_AUTH_ERROR";

    static final String INVALID_TOKEN_MESSAGE = "The registration token is not a valid FCM registration token";
    static final String MESSAGE_TOO_BIG = "Message is too big";
    static final String UNAUTHENTICATED_MESSAGE = "Request had invalid authentication credentials. "
            + "Expected OAuth 2 access token, login cookie or other valid authentication credential.";
    static final String UNAUTHENTICATED_CHALLENGE =
            "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"";
    /** FCM asks a device-rate-limited sender to wait this long. */
    static final String DEVICE_QUOTA_RETRY_AFTER_SECONDS = "1";

    private V1ErrorAnswers() {
    }

    /**
     * The v1 answer for an {@code error-<CODE>} token.
     *
     * <table>
     *   <caption>CODE to v1 answer</caption>
     *   <tr><th>CODE (v1 name / legacy names)</th><th>HTTP, status</th><th>FcmError errorCode and other details</th></tr>
     *   <tr><td>UNREGISTERED / NotRegistered</td><td>404 NOT_FOUND</td><td>UNREGISTERED</td></tr>
     *   <tr><td>SENDER_ID_MISMATCH / MismatchSenderId</td><td>403 PERMISSION_DENIED</td><td>SENDER_ID_MISMATCH</td></tr>
     *   <tr><td>QUOTA_EXCEEDED / DeviceMessageRateExceeded, TopicsMessageRateExceeded</td>
     *       <td>429 RESOURCE_EXHAUSTED, Retry-After: 1</td><td>QUOTA_EXCEEDED</td></tr>
     *   <tr><td>UNAVAILABLE / Unavailable</td><td>503 UNAVAILABLE</td><td>UNAVAILABLE</td></tr>
     *   <tr><td>INTERNAL / InternalServerError</td><td>500 INTERNAL</td><td>INTERNAL</td></tr>
     *   <tr><td>THIRD_PARTY_AUTH_ERROR / InvalidApnsCredential</td><td>401 UNAUTHENTICATED</td><td>THIRD_PARTY_AUTH_ERROR</td></tr>
     *   <tr><td>APNS_AUTH_ERROR (old v1 alias)</td><td>401 UNAUTHENTICATED</td><td>APNS_AUTH_ERROR</td></tr>
     *   <tr><td>UNSPECIFIED_ERROR</td><td>500 UNKNOWN</td><td>UNSPECIFIED_ERROR</td></tr>
     *   <tr><td>INVALID_ARGUMENT / InvalidRegistration</td><td>400 INVALID_ARGUMENT, "The registration token is not a valid FCM registration token"</td>
     *       <td>INVALID_ARGUMENT + BadRequest {@code message.token} (for other targets their own field:
     *       {@code message.fid}, {@code message.topic}, {@code message.condition})</td></tr>
     *   <tr><td>INVALID_PAYLOAD / InvalidParameters, InvalidDataKey</td><td>400 INVALID_ARGUMENT</td>
     *       <td>INVALID_ARGUMENT + BadRequest {@code message.data}</td></tr>
     *   <tr><td>InvalidTtl</td><td>400 INVALID_ARGUMENT</td><td>INVALID_ARGUMENT + BadRequest {@code message.android.ttl}</td></tr>
     *   <tr><td>InvalidPackageName</td><td>400 INVALID_ARGUMENT</td>
     *       <td>INVALID_ARGUMENT + BadRequest {@code message.android.restricted_package_name}</td></tr>
     *   <tr><td>MissingRegistration</td><td>400 INVALID_ARGUMENT, "Recipient of the message is not set."</td>
     *       <td>INVALID_ARGUMENT + BadRequest {@code message}</td></tr>
     *   <tr><td>MessageTooBig</td><td>400 INVALID_ARGUMENT, "Message is too big"</td><td>none</td></tr>
     *   <tr><td>anything else</td><td>500 UNKNOWN</td><td>CODE verbatim</td></tr>
     * </table>
     */
    static HttpAnswer forRequestedCode(String code) {
        return forRequestedCode(code, TargetKind.TOKEN);
    }

    /**
     * The same, for an {@code error-<CODE>} target of any kind: a request blaming the target
     * (INVALID_ARGUMENT, InvalidRegistration) names that target's field, e.g. {@code message.fid}.
     */
    static HttpAnswer forRequestedCode(String code, TargetKind target) {
        return switch (code) {
            case UNREGISTERED, "NotRegistered" ->
                    withFcmError(404, "NOT_FOUND", "Requested entity was not found.", UNREGISTERED);
            case SENDER_ID_MISMATCH, "MismatchSenderId" ->
                    withFcmError(403, "PERMISSION_DENIED", "SenderId mismatch", SENDER_ID_MISMATCH);
            case QUOTA_EXCEEDED, "DeviceMessageRateExceeded", "TopicsMessageRateExceeded" ->
                    withFcmError(429, "RESOURCE_EXHAUSTED", "Message rate exceeded for this device.", QUOTA_EXCEEDED)
                            .withHeader("Retry-After", DEVICE_QUOTA_RETRY_AFTER_SECONDS);
            case UNAVAILABLE, "Unavailable" ->
                    withFcmError(503, "UNAVAILABLE", "The service is currently unavailable.", UNAVAILABLE);
            case INTERNAL, "InternalServerError" ->
                    withFcmError(500, "INTERNAL", "Internal error encountered.", INTERNAL);
            case THIRD_PARTY_AUTH_ERROR, "InvalidApnsCredential" ->
                    withFcmError(401, "UNAUTHENTICATED", "Auth error from APNS or Web Push Service", THIRD_PARTY_AUTH_ERROR);
            case APNS_AUTH_ERROR ->
                    withFcmError(401, "UNAUTHENTICATED", "Auth error from APNS or Web Push Service", APNS_AUTH_ERROR);
            case UNSPECIFIED_ERROR -> withFcmError(500, "UNKNOWN", "Unknown error.", UNSPECIFIED_ERROR);
            case INVALID_ARGUMENT, "InvalidRegistration" -> invalidTarget(target);
            case INVALID_PAYLOAD, "InvalidParameters", "InvalidDataKey" ->
                    invalidArgumentAbout("message.data", "Invalid data payload");
            case "InvalidTtl" -> invalidArgumentAbout("message.android.ttl", "Invalid TTL");
            case "InvalidPackageName" ->
                    invalidArgumentAbout("message.android.restricted_package_name", "Invalid package name");
            case "MissingRegistration" -> recipientNotSet();
            case "MessageTooBig" -> messageTooBig();
            default -> withFcmError(500, "UNKNOWN", "Unknown error.", code);
        };
    }

    static HttpAnswer invalidRegistrationToken() {
        return invalidTarget(TargetKind.TOKEN);
    }

    /**
     * A target FCM cannot use. Tokens and installation ids answer alike (only the field differs),
     * so a sender's "delete this token" rule works for both; topics and conditions blame the request.
     */
    static HttpAnswer invalidTarget(TargetKind target) {
        return switch (target) {
            case TOKEN, FID -> status(400, INVALID_ARGUMENT, INVALID_TOKEN_MESSAGE,
                    List.of(fcmError(INVALID_ARGUMENT), badRequest(target.v1Field(), "Invalid registration token")));
            case TOPIC -> invalidArgumentAbout(target.v1Field(), "Invalid topic name: must match ^[a-zA-Z0-9-_.~%]+$");
            case CONDITION -> invalidArgumentAbout(target.v1Field(), "Invalid condition expression");
        };
    }

    /** Google's decoder meets a field name the proto does not have inside the object at {@code holderPath}. */
    static HttpAnswer unknownName(String holderPath, String name) {
        String message = "Invalid JSON payload received. Unknown name \"" + name + "\" at '" + holderPath
                + "': Cannot find field.";
        return status(400, INVALID_ARGUMENT, message, List.of(badRequest(holderPath, message)));
    }

    static HttpAnswer invalidArgumentAbout(String field, String description) {
        return status(400, INVALID_ARGUMENT, "Request contains an invalid argument.",
                List.of(fcmError(INVALID_ARGUMENT), badRequest(field, description)));
    }

    static HttpAnswer recipientNotSet() {
        String message = "Recipient of the message is not set.";
        return status(400, INVALID_ARGUMENT, message, List.of(fcmError(INVALID_ARGUMENT), badRequest("message", message)));
    }

    /** FCM answers an oversized payload with a bare status, without details. */
    static HttpAnswer messageTooBig() {
        return status(400, INVALID_ARGUMENT, MESSAGE_TOO_BIG, List.of());
    }

    /** A JSON shape problem: Google's JSON decoder answers these with a BadRequest but no FcmError. */
    static HttpAnswer invalidJson(String message) {
        return status(400, INVALID_ARGUMENT, message, List.of(badRequest(null, message)));
    }

    /** A field value of the wrong type, e.g. a number in {@code message.data}. */
    static HttpAnswer invalidValue(String field, String message) {
        return status(400, INVALID_ARGUMENT, message, List.of(badRequest(field, message)));
    }

    /** Our OAuth access token is missing, unknown, expired or revoked: no FcmError detail at all. */
    static HttpAnswer unauthenticated() {
        return status(401, "UNAUTHENTICATED", UNAUTHENTICATED_MESSAGE, List.of())
                .withHeader("WWW-Authenticate", UNAUTHENTICATED_CHALLENGE);
    }

    static HttpAnswer notFound(String path) {
        return status(404, "NOT_FOUND", "The requested URL " + path + " was not found on this server.", List.of());
    }

    static HttpAnswer methodNotAllowed() {
        return status(405, "INVALID_ARGUMENT", "Only POST is supported on messages:send.", List.of())
                .withHeader("Allow", "POST");
    }

    static HttpAnswer withFcmError(int http, String canonicalStatus, String message, String errorCode) {
        return status(http, canonicalStatus, message, List.of(fcmError(errorCode)));
    }

    static HttpAnswer status(int http, String canonicalStatus, String message, List<ObjectNode> details) {
        ObjectNode error = JsonSupport.object()
                .put("code", http)
                .put("message", message)
                .put("status", canonicalStatus);
        if (!details.isEmpty()) {
            ArrayNode detailArray = error.putArray("details");
            details.forEach(detailArray::add);
        }
        ObjectNode body = JsonSupport.object();
        body.set("error", error);
        return HttpAnswer.json(http, body);
    }

    static ObjectNode fcmError(String errorCode) {
        return JsonSupport.object().put("@type", FCM_ERROR_TYPE).put("errorCode", errorCode);
    }

    static ObjectNode badRequest(String field, String description) {
        ObjectNode violation = JsonSupport.object();
        if (field != null) {
            violation.put("field", field);
        }
        violation.put("description", description);
        ObjectNode detail = JsonSupport.object().put("@type", BAD_REQUEST_TYPE);
        detail.putArray("fieldViolations").add(violation);
        return detail;
    }
}
