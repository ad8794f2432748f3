package io.pushgateway.emulator;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The OAuth2 access tokens this emulator granted, and whether a presented one is still good. */
final class AccessTokens {

    /** Google grants one hour minus a second. */
    static final Duration LIFETIME = Duration.ofSeconds(3599);
    static final String PREFIX = "ya29.emulator-";

    private final Map<String, Instant> expiryByToken = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    AccessTokens(Clock clock) {
        this.clock = clock;
    }

    String grant() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        expiryByToken.put(token, clock.instant().plus(LIFETIME));
        return token;
    }

    boolean isValid(String token) {
        if (token == null) {
            return false;
        }
        Instant expiry = expiryByToken.get(token);
        return expiry != null && clock.instant().isBefore(expiry);
    }

    /** Forgets every granted token, so each of them is answered 401 from now on; returns how many. */
    int revokeAll() {
        int count = expiryByToken.size();
        expiryByToken.clear();
        return count;
    }
}
