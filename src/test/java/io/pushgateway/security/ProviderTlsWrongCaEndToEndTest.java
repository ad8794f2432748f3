package io.pushgateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgateway.testsupport.Await;
import io.pushgateway.testsupport.HttpsEmulator;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * push.http.trust-ca-file names a CA that did not sign the FCM stand-in's certificate: every access
 * token request fails its TLS handshake, nothing is sent, and the log says so once, naming the
 * handshake failure, not once per attempt.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "logging.level.io.pushgateway.provider.fcm=DEBUG")
class ProviderTlsWrongCaEndToEndTest extends HttpsEmulatorGatewayTest {

    private static final String FAILING = "OAuth access tokens for FCM project 'default' cannot be fetched";
    private static final String FAILING_AGAIN = "OAuth access token fetch for FCM project 'default' failed again";

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        HttpsEmulator started = startFcm(registry, "provider-tls-wrong-ca", "wrong-ca-project", HttpsEmulator::wrongCaFile);
        registry.add("push.fcm.credentials", () -> started.serviceAccountFile().toString());
    }

    @Test
    void logsTheTlsHandshakeFailureOfTheTokenRequestsOnceAndSendsNothing(CapturedOutput output) {
        String token = unique("ok-untrusted-");

        broker.publishRequest("{\"title\":\"t\",\"registration_tokens\":[\"" + token + "\"]}");

        // google-auth-library tries each token request 4 times with back-off: about 7 s per attempt.
        Await.until("a second token fetch failed too", Duration.ofSeconds(60),
                () -> output.getAll().contains(FAILING_AGAIN));
        String logs = output.getAll();
        assertThat(logs.lines().filter(l -> l.contains(FAILING))).singleElement().satisfies(line ->
                assertThat(line).contains("javax.net.ssl.SSLHandshakeException").contains("WARN"));
        assertThat(logs).doesNotContain("ya29.");
        assertThat(emulator().stats().tokenRequests()).as("no handshake completed").isZero();
        assertThat(emulator().stats().deliveries(token)).isZero();
    }
}
