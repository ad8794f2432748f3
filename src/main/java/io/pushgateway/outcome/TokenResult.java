package io.pushgateway.outcome;

import io.pushgateway.intake.DeviceToken;
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
 */
public record TokenResult(
        DeviceToken token,
        Outcome outcome,
        String error,
        String newToken,
        Duration retryAfter,
        boolean reachedFcm) {

    public static TokenResult delivered(DeviceToken token) {
        return new TokenResult(token, Outcome.DELIVERED, null, null, Duration.ZERO, true);
    }

    public static TokenResult updated(DeviceToken token, String newToken) {
        return new TokenResult(token, Outcome.TOKEN_UPDATE, null, newToken, Duration.ZERO, true);
    }

    public static TokenResult failed(DeviceToken token, Outcome outcome, String error, Duration retryAfter) {
        return new TokenResult(token, outcome, error, null, retryAfter, true);
    }

    public static TokenResult notSent(DeviceToken token, String reason, Duration retryAfter) {
        return new TokenResult(token, Outcome.RETRY, reason, null, retryAfter, false);
    }
}
