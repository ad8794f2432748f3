package io.pushgateway.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

/**
 * Reads a service-account file the emulator wrote and signs JWT assertions with its key by hand,
 * so tests can also make assertions that are wrong on purpose.
 */
final class TestServiceAccount {

    static final String MESSAGING_SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
    static final String GOOGLE_TOKEN_AUDIENCE = "https://oauth2.googleapis.com/token";

    final JsonNode file;
    final PrivateKey privateKey;

    private TestServiceAccount(JsonNode file, PrivateKey privateKey) {
        this.file = file;
        this.privateKey = privateKey;
    }

    static TestServiceAccount load(Path path) {
        try {
            JsonNode file = EmulatorHttp.JSON.readTree(Files.readString(path));
            String pem = file.get("private_key").asText()
                    .replace("-----BEGIN PRIVATE KEY-----", "")
                    .replace("-----END PRIVATE KEY-----", "")
                    .replaceAll("\\s", "");
            PrivateKey key = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
            return new TestServiceAccount(file, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same account identity (file, key id, email) but signing with another key. */
    static TestServiceAccount withKey(TestServiceAccount account, PrivateKey otherKey) {
        return new TestServiceAccount(account.file, otherKey);
    }

    ObjectNode header() {
        return EmulatorHttp.JSON.createObjectNode()
                .put("alg", "RS256")
                .put("typ", "JWT")
                .put("kid", file.get("private_key_id").asText());
    }

    ObjectNode claims() {
        long now = Instant.now().getEpochSecond();
        return EmulatorHttp.JSON.createObjectNode()
                .put("iss", file.get("client_email").asText())
                .put("scope", MESSAGING_SCOPE)
                .put("aud", GOOGLE_TOKEN_AUDIENCE)
                .put("iat", now)
                .put("exp", now + 3600);
    }

    String assertion() {
        return assertion(header(), claims());
    }

    String assertion(JsonNode header, JsonNode claims) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        String signedPart = encoder.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8))
                + "." + encoder.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(privateKey);
            signer.update(signedPart.getBytes(StandardCharsets.US_ASCII));
            return signedPart + "." + encoder.encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String tokenRequestBody(String assertion) {
        return "grant_type=" + URLEncoder.encode(OAuthTokenHandler.JWT_BEARER_GRANT, StandardCharsets.UTF_8)
                + "&assertion=" + URLEncoder.encode(assertion, StandardCharsets.UTF_8);
    }

    /** Gets an access token from the emulator's /token endpoint. */
    String accessToken(EmulatorHttp http, String tokenUrl) {
        var response = http.post(tokenUrl, tokenRequestBody(assertion()),
                "Content-Type", "application/x-www-form-urlencoded");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token endpoint answered " + response.statusCode() + ": " + response.body());
        }
        return EmulatorHttp.json(response).get("access_token").asText();
    }
}
