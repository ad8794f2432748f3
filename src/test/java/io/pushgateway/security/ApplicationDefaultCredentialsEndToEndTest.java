package io.pushgateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgateway.provider.fcm.CredentialsSource;
import io.pushgateway.testsupport.Await;
import io.pushgateway.testsupport.HttpsEmulator;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;

/**
 * push.provider=fcm with a project id and no key file: the gateway takes Google's Application
 * Default Credentials. The test stands in for the environment (as GOOGLE_APPLICATION_CREDENTIALS
 * naming a key file would) through the bean the gateway looks them up with, and the stand-in's
 * token requests go over HTTPS with the trust of push.http.trust-ca-file like any other.
 */
class ApplicationDefaultCredentialsEndToEndTest extends HttpsEmulatorGatewayTest {

    private static final String PROJECT = "adc-project";

    @TestBean
    CredentialsSource applicationDefaultCredentials;

    static CredentialsSource applicationDefaultCredentials() {
        return CredentialsSource.keyFile(fcm.serviceAccountFile());
    }

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        startFcm(registry, "adc", PROJECT, HttpsEmulator::caFile);
        registry.add("push.fcm.project-id", () -> PROJECT);
    }

    @Test
    void deliversWithAccessTokensFromTheApplicationDefaultCredentialsToTheConfiguredProject() {
        String token = unique("ok-adc-");

        broker.publishRequest("{\"title\":\"adc\",\"registration_tokens\":[\"" + token + "\"]}");

        Await.until("the token delivered", Duration.ofSeconds(30), () -> emulator().stats().deliveries(token) == 1);
        assertThat(provider.sendUrl()).isEqualTo(emulator().v1SendUrl(PROJECT));
        assertThat(emulator().stats().tokenRequests()).isPositive();
        assertThat(emulator().stats().project(PROJECT).accounts())
                .containsExactly("emulator@" + PROJECT + ".iam.gserviceaccount.com");
    }
}
