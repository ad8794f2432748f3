package io.pushgateway.emulator;

/** Translates the CODE of an {@code error-<CODE>} token into the legacy API's per-token error string. */
final class LegacyErrorNames {

    private LegacyErrorNames() {
    }

    /**
     * Legacy names are echoed as given; v1 names are mapped to their legacy equivalent:
     *
     * <table>
     *   <caption>v1 name to legacy error</caption>
     *   <tr><th>CODE</th><th>legacy {@code "error"}</th></tr>
     *   <tr><td>UNREGISTERED</td><td>NotRegistered</td></tr>
     *   <tr><td>SENDER_ID_MISMATCH</td><td>MismatchSenderId</td></tr>
     *   <tr><td>UNAVAILABLE</td><td>Unavailable</td></tr>
     *   <tr><td>INTERNAL</td><td>InternalServerError</td></tr>
     *   <tr><td>QUOTA_EXCEEDED</td><td>DeviceMessageRateExceeded</td></tr>
     *   <tr><td>INVALID_ARGUMENT</td><td>InvalidRegistration</td></tr>
     *   <tr><td>THIRD_PARTY_AUTH_ERROR, APNS_AUTH_ERROR</td><td>InvalidApnsCredential</td></tr>
     *   <tr><td>INVALID_PAYLOAD</td><td>InvalidParameters</td></tr>
     *   <tr><td>anything else (all legacy names, UNSPECIFIED_ERROR, made-up codes)</td><td>CODE verbatim</td></tr>
     * </table>
     */
    static String forRequestedCode(String code) {
        return switch (code) {
            case V1ErrorAnswers.UNREGISTERED -> "NotRegistered";
            case V1ErrorAnswers.SENDER_ID_MISMATCH -> "MismatchSenderId";
            case V1ErrorAnswers.UNAVAILABLE -> "Unavailable";
            case V1ErrorAnswers.INTERNAL -> "InternalServerError";
            case V1ErrorAnswers.QUOTA_EXCEEDED -> "DeviceMessageRateExceeded";
            case V1ErrorAnswers.INVALID_ARGUMENT -> "InvalidRegistration";
            case V1ErrorAnswers.THIRD_PARTY_AUTH_ERROR, V1ErrorAnswers.APNS_AUTH_ERROR -> "InvalidApnsCredential";
            case V1ErrorAnswers.INVALID_PAYLOAD -> "InvalidParameters";
            default -> code;
        };
    }
}
