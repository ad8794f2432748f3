package io.pushgateway.core;

import java.util.Collection;
import java.util.TreeSet;

/**
 * A request that cannot be sent as it is. It goes whole to the dead-letter queue with
 * {@link #errorCode()} as {@code x-push-error} and the message as {@code x-push-error-detail};
 * it is never retried.
 */
public class InvalidPushRequestException extends RuntimeException {

    public static final String INVALID_JSON = "invalid-json";
    public static final String INVALID_REQUEST = "invalid-request";
    public static final String NO_TOKENS = "no-tokens";
    public static final String PAYLOAD_TOO_LARGE = "payload-too-large";
    /** The request names a {@code project} the gateway is not configured with (push.fcm.projects.*). */
    public static final String UNKNOWN_PROJECT = "unknown-project";

    private final String errorCode;

    public InvalidPushRequestException(String errorCode, String detail) {
        super(detail);
        this.errorCode = errorCode;
    }

    public String errorCode() {
        return errorCode;
    }

    public static InvalidPushRequestException invalidJson(String detail) {
        return new InvalidPushRequestException(INVALID_JSON, detail);
    }

    public static InvalidPushRequestException invalidRequest(String detail) {
        return new InvalidPushRequestException(INVALID_REQUEST, detail);
    }

    public static InvalidPushRequestException noTokens(String detail) {
        return new InvalidPushRequestException(NO_TOKENS, detail);
    }

    public static InvalidPushRequestException payloadTooLarge(String detail) {
        return new InvalidPushRequestException(PAYLOAD_TOO_LARGE, detail);
    }

    /**
     * For the send path, which knows the configured projects; the reader checks only that
     * {@code project} is a string. Producers often write their Firebase project id there
     * ({@code my-app-prod}), so the detail says what the field takes and which names would do. It
     * quotes the request's value shortened ({@link JsonText#quoted}) and lists only names, which are
     * configuration keys, never credentials or project ids.
     *
     * @param configured the names under push.fcm.projects (not secrets, so the detail lists them)
     */
    public static InvalidPushRequestException unknownProject(String project, Collection<String> configured) {
        String known = configured.isEmpty()
                ? "only the default project (push.fcm.*) is configured, used when project is absent"
                : "configured: " + String.join(", ", new TreeSet<>(configured));
        return new InvalidPushRequestException(UNKNOWN_PROJECT, "project " + JsonText.quoted(project)
                + " names none of this gateway's Firebase projects; " + known + " (project takes the gateway's"
                + " name for a project, push.fcm.projects.<name>, not the Firebase project id)");
    }
}
