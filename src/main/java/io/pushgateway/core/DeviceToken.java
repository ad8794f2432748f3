package io.pushgateway.core;

import java.util.Objects;

/**
 * One device token of a request, with the application key it was listed under
 * ({@code user} is null when the request listed its tokens as an array).
 */
public record DeviceToken(String user, String token) {

    public DeviceToken {
        Objects.requireNonNull(token, "token");
    }

    /** Token shortened for logs: never log a whole registration token. */
    public String masked() {
        return TokenMask.mask(token);
    }
}
