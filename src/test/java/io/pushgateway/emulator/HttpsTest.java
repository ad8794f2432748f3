package io.pushgateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushgateway.testsupport.TestCertificates;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a certificate, the emulator serves HTTPS as Google's endpoints do (HTTP/2 by ALPN), and the
 * service-account files it writes send token requests there over HTTPS too.
 */
class HttpsTest {

    @TempDir
    static Path dir;
    private static TestCertificates.Authority ca;
    private static FcmEmulator emulator;

    @BeforeAll
    static void start() {
        ca = TestCertificates.authority(dir, "emulator-test-ca");
        TestCertificates.ServerCertificate cert = ca.issue("emulator", "localhost", List.of("IP:127.0.0.1", "DNS:localhost"));
        emulator = FcmEmulator.start(EmulatorSettings.defaults().withTls(cert.certificate(), cert.key()));
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void answersV1SendsOverHttpsWithHttp2ToAClientThatTrustsItsCa() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trusting(ca)).version(HttpClient.Version.HTTP_2).build();

        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(emulator.v1SendUrl("p")))
                .POST(HttpRequest.BodyPublishers.ofString("{\"message\":{\"token\":\"t\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(emulator.baseUrl()).startsWith("https://127.0.0.1:");
        assertThat(answer.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(answer.statusCode()).as("no access token: refused, but by the emulator").isEqualTo(401);
    }

    @Test
    void failsTheHandshakeOfAClientThatDoesNotTrustItsCa() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(URI.create(emulator.tokenUrl())).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void writesServiceAccountFilesWhoseTokenUriIsHttps() throws Exception {
        Path file = emulator.writeServiceAccountFile(dir.resolve("keys"), "p");

        JsonNode json = EmulatorHttp.parse(Files.readString(file));

        assertThat(json.get("token_uri").asText()).isEqualTo(emulator.baseUrl() + "/token").startsWith("https://");
    }

    private static SSLContext trusting(TestCertificates.Authority authority) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, authority.trustManagers().getTrustManagers(), null);
        return context;
    }
}
