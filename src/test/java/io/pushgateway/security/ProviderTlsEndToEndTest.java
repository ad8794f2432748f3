package io.pushgateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgateway.testsupport.Await;
import io.pushgateway.testsupport.HttpsEmulator;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway against an FCM stand-in over HTTPS whose CA it learns only from
 * push.http.trust-ca-file: the access tokens (the service account's token_uri is the stand-in's
 * https /token) and the sends both get through, because both clients trust what that setting says.
 */
class ProviderTlsEndToEndTest extends HttpsEmulatorGatewayTest {

    private static final String PROJECT = "tls-project";

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        HttpsEmulator started = startFcm(registry, "provider-tls", PROJECT, HttpsEmulator::caFile);
        registry.add("push.fcm.credentials", () -> started.serviceAccountFile().toString());
    }

    @Test
    void fetchesAccessTokensAndDeliversOverHttpsWithTheCaGivenOnlyThroughTrustCaFile() {
        String first = unique("ok-tls-");
        String second = unique("ok-tls-");

        broker.publishRequest("{\"title\":\"over tls\",\"registration_tokens\":[\"" + first + "\",\"" + second + "\"]}");

        Await.until("both tokens delivered over https", Duration.ofSeconds(30),
                () -> emulator().stats().deliveries(first) == 1 && emulator().stats().deliveries(second) == 1);
        assertThat(emulator().baseUrl()).startsWith("https://127.0.0.1:");
        assertThat(emulator().stats().tokenRequests()).as("access tokens fetched from the https token_uri").isPositive();
        assertThat(emulator().stats().project(PROJECT).accounts()).containsExactly("emulator@" + PROJECT
                + ".iam.gserviceaccount.com");
        assertThat(emulator().lastMessageFor(first)).hasValueSatisfying(m ->
                assertThat(m.at("/notification/title").asText()).isEqualTo("over tls"));
    }
}
