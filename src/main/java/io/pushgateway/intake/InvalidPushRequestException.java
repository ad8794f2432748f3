package io.pushgateway.intake;

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
}
