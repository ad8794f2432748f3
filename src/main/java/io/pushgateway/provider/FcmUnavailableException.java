package io.pushgateway.provider;

import io.pushgateway.outcome.TokenResult;
import java.util.List;

/**
 * A send that failed as a whole for a reason that may pass (5xx, 429, refused access token).
 * Thrown inside the circuit breaker so it counts as a failure; carries the retry results.
 */
public class FcmUnavailableException extends RuntimeException {

    private final transient List<TokenResult> results;

    public FcmUnavailableException(int status, List<TokenResult> results) {
        super("FCM answered HTTP " + status);
        this.results = results;
    }

    public List<TokenResult> results() {
        return results;
    }
}
