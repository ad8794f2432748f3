package io.pushgateway.provider.fcm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pushgateway.emulator.EmulatorSettings;
import io.pushgateway.emulator.FcmEmulator;
import io.pushgateway.provider.http.ProviderTrust;
import io.pushgateway.testsupport.TestCertificates;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Access tokens come over the transport the gateway gives google-auth-library, so a token endpoint
 * whose CA only the gateway's trust setting names is reached, and one it does not name is not.
 */
class GoogleAccessTokensTest {

    @TempDir
    static Path dir;
    private static TestCertificates.Authority ca;
    private static FcmEmulator emulator;
    private static Path keyFile;

    @BeforeAll
    static void startAnHttpsTokenEndpoint() {
        ca = TestCertificates.authority(dir, "token-test-ca");
        TestCertificates.ServerCertificate cert = ca.issue("token-endpoint", "127.0.0.1", List.of("IP:127.0.0.1"));
        emulator = FcmEmulator.start(EmulatorSettings.defaults().withTls(cert.certificate(), cert.key()));
        keyFile = emulator.writeServiceAccountFile(dir.resolve("keys"), "token-project");
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void fetchesAccessTokensOverHttpsFromAnEndpointOnlyTheGivenCaVouchesFor() throws Exception {
        int[] newTokens = {0};
        GoogleAccessTokens tokens = new GoogleAccessTokens("default", CredentialsSource.keyFile(keyFile),
                TokenTransport.trusting(new ProviderTrust(ca.trustManagers())), () -> newTokens[0]++);
        long before = emulator.stats().tokenRequests();

        assertThat(tokens.authorization()).startsWith("Bearer ya29.emulator-");
        assertThat(tokens.projectId()).isEqualTo("token-project");
        assertThat(emulator.stats().tokenRequests()).isEqualTo(before + 1);
        assertThat(newTokens[0]).isEqualTo(1);
    }

    @Test
    void failsWithTheTlsHandshakeAsCauseWhenTheTokenEndpointsCaIsNotTrusted() throws Exception {
        GoogleAccessTokens tokens = new GoogleAccessTokens("default", CredentialsSource.keyFile(keyFile),
                TokenTransport.trusting(ProviderTrust.jvm()), () -> { });

        assertThatThrownBy(tokens::authorization).hasCauseInstanceOf(java.io.IOException.class)
                .satisfies(e -> assertThat(TokenFetchHealth.describe(e)).contains(SSLHandshakeException.class.getName()));
    }
}
