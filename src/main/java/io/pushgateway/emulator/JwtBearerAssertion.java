package io.pushgateway.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The signed JWT a service account sends to the token endpoint (RFC 7523), checked the way Google
 * checks it: RS256, signed by a key we issued, with iss, scope, aud, iat and exp that make sense.
 */
final class JwtBearerAssertion {

    static final String INVALID_SIGNATURE = "Invalid JWT Signature.";
    static final String BAD_TIMEFRAME = "Invalid JWT: Token must be a short-lived token (60 minutes) and in a "
            + "reasonable timeframe. Check your iat and exp values in the JWT claim.";
    private static final long MAX_LIFETIME_SECONDS = 3600;
    /** Clocks of client and server differ a little; Google tolerates a few minutes. */
    private static final long CLOCK_SKEW_SECONDS = 300;
    private static final Set<String> ACCEPTED_SCOPES = Set.of(
            "https://www.googleapis.com/auth/firebase.messaging",
            "https://www.googleapis.com/auth/cloud-platform");
    /** google-auth-library always uses the first one, even when token_uri points elsewhere. */
    private static final Set<String> GOOGLE_AUDIENCES = Set.of(
            "https://oauth2.googleapis.com/token",
            "https://www.googleapis.com/oauth2/v4/token",
            "https://accounts.google.com/o/oauth2/token");

    private final JsonNode header;
    private final JsonNode claims;
    private final byte[] signedPart;
    private final byte[] signature;

    private JwtBearerAssertion(JsonNode header, JsonNode claims, byte[] signedPart, byte[] signature) {
        this.header = header;
        this.claims = claims;
        this.signedPart = signedPart;
        this.signature = signature;
    }

    static JwtBearerAssertion parse(String compact) throws OAuthError {
        String[] parts = compact.split("\\.", -1);
        if (parts.length != 3) {
            throw OAuthError.invalidGrant("Invalid JWT: the assertion must have three dot-separated parts.");
        }
        try {
            Base64.Decoder decoder = Base64.getUrlDecoder();
            JsonNode header = JsonSupport.read(decoder.decode(parts[0]));
            JsonNode claims = JsonSupport.read(decoder.decode(parts[1]));
            byte[] signature = decoder.decode(parts[2]);
            byte[] signedPart = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
            return new JwtBearerAssertion(header, claims, signedPart, signature);
        } catch (IllegalArgumentException | JsonProcessingException e) {
            throw OAuthError.invalidGrant("Invalid JWT: the assertion is not base64url-encoded JSON.");
        }
    }

    /**
     * Checks algorithm, signature and claims; {@code ownTokenUri} is accepted as audience too.
     * Returns the service account that signed it (its client_email).
     */
    String verify(ServiceAccountKeys keys, Instant now, String ownTokenUri) throws OAuthError {
        if (!"RS256".equals(header.path("alg").asText())) {
            throw OAuthError.invalidGrant("Invalid JWT: the algorithm must be RS256.");
        }
        ServiceAccountKeys.KnownKey signer = signerAmong(keys);
        if (!signer.clientEmail().equals(textClaim("iss"))) {
            throw OAuthError.invalidGrant("Invalid grant: account not found");
        }
        String audience = textClaim("aud");
        if (!GOOGLE_AUDIENCES.contains(audience) && !audience.equals(ownTokenUri)) {
            throw OAuthError.invalidGrant("Invalid JWT: Failed audience check.");
        }
        verifyTimeframe(now);
        verifyScope();
        return signer.clientEmail();
    }

    private ServiceAccountKeys.KnownKey signerAmong(ServiceAccountKeys keys) throws OAuthError {
        JsonNode keyId = header.get("kid");
        Optional<ServiceAccountKeys.KnownKey> signer;
        if (keyId != null && keyId.isTextual()) {
            signer = keys.byId(keyId.asText()).filter(key -> signatureMatches(key.publicKey()));
        } else {
            // Without a key id Google tries the account's keys; we try all the keys we issued.
            signer = keys.all().stream().filter(key -> signatureMatches(key.publicKey())).findFirst();
        }
        return signer.orElseThrow(() -> OAuthError.invalidGrant(INVALID_SIGNATURE));
    }

    private boolean signatureMatches(PublicKey publicKey) {
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(publicKey);
            verifier.update(signedPart);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private void verifyTimeframe(Instant now) throws OAuthError {
        JsonNode issuedAt = claims.get("iat");
        JsonNode expiresAt = claims.get("exp");
        if (issuedAt == null || !issuedAt.isNumber() || expiresAt == null || !expiresAt.isNumber()) {
            throw OAuthError.invalidGrant(BAD_TIMEFRAME);
        }
        long nowSeconds = now.getEpochSecond();
        long iat = issuedAt.asLong();
        long exp = expiresAt.asLong();
        boolean sane = iat <= nowSeconds + CLOCK_SKEW_SECONDS
                && exp > nowSeconds - CLOCK_SKEW_SECONDS
                && exp > iat
                && exp - iat <= MAX_LIFETIME_SECONDS;
        if (!sane) {
            throw OAuthError.invalidGrant(BAD_TIMEFRAME);
        }
    }

    private void verifyScope() throws OAuthError {
        boolean allowsMessaging = Arrays.stream(textClaim("scope").split(" ")).anyMatch(ACCEPTED_SCOPES::contains);
        if (!allowsMessaging) {
            throw new OAuthError(400, "invalid_scope", "Invalid OAuth scope or ID token audience provided.");
        }
    }

    private String textClaim(String name) throws OAuthError {
        JsonNode value = claims.get(name);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw OAuthError.invalidGrant("Invalid JWT: the claim '" + name + "' is missing.");
        }
        return value.asText();
    }
}
