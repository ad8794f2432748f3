package io.pushgateway.emulator;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OAuth2 access tokens this emulator granted, whether a presented one is still good, and the
 * service account each was granted to.
 */
final class AccessTokens {

    /** Google grants one hour minus a second. */
    static final Duration LIFETIME = Duration.ofSeconds(3599);
    static final String PREFIX = "ya29.emulator-";

    private record Grant(Instant expiry, String account) {
    }

    private final Map<String, Grant> grantByToken = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    AccessTokens(Clock clock) {
        this.clock = clock;
    }

    /** A new access token for the service account {@code account} (its client_email). */
    String grant(String account) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        grantByToken.put(token, new Grant(clock.instant().plus(LIFETIME), account));
        return token;
    }

    /** The service account a still-valid access token was granted to; null for any other token. */
    String accountOf(String token) {
        if (token == null) {
            return null;
        }
        Grant grant = grantByToken.get(token);
        return grant != null && clock.instant().isBefore(grant.expiry()) ? grant.account() : null;
    }

    /** Forgets every granted token, so each of them is answered 401 from now on; returns how many. */
    int revokeAll() {
        int count = grantByToken.size();
        grantByToken.clear();
        return count;
    }
}
