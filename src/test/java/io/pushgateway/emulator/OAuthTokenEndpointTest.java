package io.pushgateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.KeyPairGenerator;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OAuthTokenEndpointTest {

    private static final String PROJECT = "oauth-project";

    @RegisterExtension
    static final RunningEmulator fcm = RunningEmulator.serving(PROJECT);

    private static final EmulatorHttp http = new EmulatorHttp();

    @AfterEach
    void healTokenEndpoint() {
        fcm.emulator().setTokenEndpointFailing(false);
    }

    @Test
    void googleAuthLibraryGetsAnAccessTokenFromTheWrittenFileThatV1Accepts() throws Exception {
        GoogleCredentials credentials;
        try (InputStream in = Files.newInputStream(fcm.serviceAccountFile())) {
            credentials = ServiceAccountCredentials.fromStream(in)
                    .createScoped("https://www.googleapis.com/auth/firebase.messaging");
        }

        credentials.refresh();
        String accessToken = credentials.getAccessToken().getTokenValue();

        assertThat(accessToken).startsWith("ya29.emulator-");
        HttpResponse<String> send = http.post(fcm.emulator().v1SendUrl(PROJECT), "{\"message\":{\"token\":\"via-google-auth\"}}",
                "Authorization", "Bearer " + accessToken, "Content-Type", "application/json");
        assertThat(send.statusCode()).isEqualTo(200);
    }

    @Test
    void writesAServiceAccountFileWithTheUsualFields() throws Exception {
        JsonNode file = EmulatorHttp.parse(Files.readString(fcm.serviceAccountFile()));

        assertThat(file.get("type").asText()).isEqualTo("service_account");
        assertThat(file.get("project_id").asText()).isEqualTo(PROJECT);
        assertThat(file.get("private_key_id").asText()).matches("[0-9a-f]{40}");
        assertThat(file.get("client_email").asText()).isEqualTo("emulator@oauth-project.iam.gserviceaccount.com");
        assertThat(file.get("client_id").asText()).matches("\\d{21}");
        assertThat(file.get("token_uri").asText()).isEqualTo(fcm.emulator().tokenUrl());
        assertThat(file.get("auth_uri").asText()).isNotBlank();
        assertThat(file.get("auth_provider_x509_cert_url").asText()).isNotBlank();
        assertThat(file.get("client_x509_cert_url").asText()).isNotBlank();
        assertThat(file.get("universe_domain").asText()).isEqualTo("googleapis.com");
        String pem = file.get("private_key").asText();
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(pem.lines().filter(line -> !line.startsWith("-----"))).allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(64));
        assertThat(pem.lines().skip(1).findFirst().orElseThrow()).hasSize(64);
    }

    @Test
    void grantsABearerTokenForAValidAssertion() {
        HttpResponse<String> response = requestToken(fcm.account().assertion());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = EmulatorHttp.json(response);
        assertThat(body.get("access_token").asText()).startsWith("ya29.emulator-");
        assertThat(body.get("expires_in").asInt()).isEqualTo(3599);
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
    }

    @Test
    void grantsForTheCloudPlatformScopeToo() {
        ObjectNode claims = fcm.account().claims().put("scope", "https://www.googleapis.com/auth/cloud-platform");

        assertThat(requestToken(fcm.account().assertion(fcm.account().header(), claims)).statusCode()).isEqualTo(200);
    }

    @Test
    void countsGrantedTokens() {
        long before = fcm.emulator().stats().tokenRequests();

        requestToken(fcm.account().assertion());

        assertThat(fcm.emulator().stats().tokenRequests()).isEqualTo(before + 1);
    }

    @Test
    void rejectsAssertionsWithAnUnknownKeyIdAsInvalidJwtSignature() {
        ObjectNode header = fcm.account().header().put("kid", "0123456789abcdef");

        HttpResponse<String> response = requestToken(fcm.account().assertion(header, fcm.account().claims()));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(EmulatorHttp.json(response)).isEqualTo(
                EmulatorHttp.parse("{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}"));
    }

    @Test
    void rejectsAssertionsSignedWithAnotherKeyUnderAKnownKeyId() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        TestServiceAccount impostor = TestServiceAccount.withKey(fcm.account(), generator.generateKeyPair().getPrivate());

        HttpResponse<String> response = requestToken(impostor.assertion());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(EmulatorHttp.json(response).get("error_description").asText()).isEqualTo("Invalid JWT Signature.");
    }

    @Test
    void rejectsAlgorithmsOtherThanRs256() {
        ObjectNode header = fcm.account().header().put("alg", "HS256");

        HttpResponse<String> response = requestToken(fcm.account().assertion(header, fcm.account().claims()));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(EmulatorHttp.json(response).get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void rejectsScopesThatDoNotAllowMessaging() {
        ObjectNode claims = fcm.account().claims().put("scope", "https://www.googleapis.com/auth/userinfo.email");

        HttpResponse<String> response = requestToken(fcm.account().assertion(fcm.account().header(), claims));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(EmulatorHttp.json(response).get("error").asText()).isEqualTo("invalid_scope");
    }

    @Test
    void rejectsAssertionsMissingAClaim() {
        for (String claim : new String[] {"iss", "scope", "aud", "iat", "exp"}) {
            ObjectNode claims = fcm.account().claims();
            claims.remove(claim);

            HttpResponse<String> response = requestToken(fcm.account().assertion(fcm.account().header(), claims));

            assertThat(response.statusCode()).as("without %s", claim).isEqualTo(400);
            assertThat(EmulatorHttp.json(response).get("error").asText()).as("without %s", claim).isEqualTo("invalid_grant");
        }
    }

    @Test
    void rejectsExpiredAssertions() {
        long anHourAgo = Instant.now().minusSeconds(7200).getEpochSecond();
        ObjectNode claims = fcm.account().claims().put("iat", anHourAgo).put("exp", anHourAgo + 3600);

        HttpResponse<String> response = requestToken(fcm.account().assertion(fcm.account().header(), claims));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(EmulatorHttp.json(response).get("error_description").asText()).contains("short-lived token");
    }

    @Test
    void rejectsAssertionsForAnotherAudience() {
        ObjectNode claims = fcm.account().claims().put("aud", "https://example.com/token");

        HttpResponse<String> response = requestToken(fcm.account().assertion(fcm.account().header(), claims));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(EmulatorHttp.json(response).get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void rejectsOtherGrantTypes() {
        HttpResponse<String> response = http.post(fcm.emulator().tokenUrl(), "grant_type=client_credentials",
                "Content-Type", "application/x-www-form-urlencoded");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(EmulatorHttp.json(response).get("error").asText()).isEqualTo("unsupported_grant_type");
    }

    @Test
    void rejectsAssertionsThatAreNotThreePartJwts() {
        HttpResponse<String> response = requestToken("not-a-jwt");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(EmulatorHttp.json(response).get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void answers503WhileTheTokenEndpointIsFailingAndRecoversAfterwards() {
        fcm.emulator().setTokenEndpointFailing(true);

        HttpResponse<String> failing = requestToken(fcm.account().assertion());

        assertThat(failing.statusCode()).isEqualTo(503);
        assertThat(EmulatorHttp.json(failing)).isEqualTo(EmulatorHttp.parse("{\"error\":\"unavailable\"}"));

        fcm.emulator().setTokenEndpointFailing(false);

        assertThat(requestToken(fcm.account().assertion()).statusCode()).isEqualTo(200);
    }

    @Test
    void answersRevokedAccessTokensWith401WithoutFcmDetailUntilANewOneIsGranted() {
        String revoked = fcm.account().accessToken(http, fcm.emulator().tokenUrl());
        assertThat(sendWith(revoked).statusCode()).isEqualTo(200);

        fcm.emulator().revokeAccessTokens();

        HttpResponse<String> rejected = sendWith(revoked);
        assertThat(rejected.statusCode()).isEqualTo(401);
        assertThat(EmulatorHttp.json(rejected).at("/error/status").asText()).isEqualTo("UNAUTHENTICATED");
        assertThat(EmulatorHttp.json(rejected).get("error").has("details")).isFalse();
        assertThat(sendWith(fcm.account().accessToken(http, fcm.emulator().tokenUrl())).statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> sendWith(String accessToken) {
        return http.post(fcm.emulator().v1SendUrl(PROJECT), "{\"message\":{\"token\":\"device\"}}",
                "Authorization", "Bearer " + accessToken, "Content-Type", "application/json");
    }

    private static HttpResponse<String> requestToken(String assertion) {
        return http.post(fcm.emulator().tokenUrl(), TestServiceAccount.tokenRequestBody(assertion),
                "Content-Type", "application/x-www-form-urlencoded");
    }
}
