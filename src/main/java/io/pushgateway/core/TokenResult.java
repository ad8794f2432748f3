package io.pushgateway.core;

import java.time.Duration;

/**
 * What became of one token in one send.
 *
 * @param error      FCM's error string or code ({@code NotRegistered}, {@code UNAVAILABLE},
 *                   {@code HTTP_503}, {@code circuit-open}); null when delivered
 * @param newToken   canonical replacement token (legacy {@code registration_id}); else null
 * @param retryAfter how long FCM asked us to wait; {@link Duration#ZERO} when it did not say
 * @param reachedFcm false when the token never left the gateway (circuit open): such a retry
 *                   does not use up an attempt
 * @param fcmMessage FCM's own words about a payload it refused (which field, what is wrong), for
 *                   the dead letter's detail; null otherwise
 */
public record TokenResult(
        DeviceToken token,
        Outcome outcome,
        String error,
        String newToken,
        Duration retryAfter,
        boolean reachedFcm,
        String fcmMessage) {

    public static TokenResult delivered(DeviceToken token) {
        return new TokenResult(token, Outcome.DELIVERED, null, null, Duration.ZERO, true, null);
    }

    public static TokenResult updated(DeviceToken token, String newToken) {
        return new TokenResult(token, Outcome.TOKEN_UPDATE, null, newToken, Duration.ZERO, true, null);
    }

    public static TokenResult failed(DeviceToken token, Outcome outcome, String error, Duration retryAfter) {
        return new TokenResult(token, outcome, error, null, retryAfter, true, null);
    }

    public static TokenResult notSent(DeviceToken token, String reason, Duration retryAfter) {
        return new TokenResult(token, Outcome.RETRY, reason, null, retryAfter, false, null);
    }

    /** The same result with FCM's explanation of a refused payload attached. */
    public TokenResult withFcmMessage(String message) {
        return new TokenResult(token, outcome, error, newToken, retryAfter, reachedFcm, message);
    }
}
