package io.pushgateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EmulatorCommandLineTest {

    @Test
    void readsEveryOption() {
        EmulatorCommandLine options = EmulatorCommandLine.parse("--port=9099", "--latency-ms=50", "--jitter-ms=10",
                "--legacy-key=secret", "--threads=8", "--max-concurrent-streams=50", "--service-account-dir=/tmp/keys",
                "--project-id=bench");

        assertThat(options.settings())
                .isEqualTo(new EmulatorSettings(9099, "secret", Duration.ofMillis(50), Duration.ofMillis(10), 8, 50));
        assertThat(options.serviceAccountDir()).contains(Path.of("/tmp/keys"));
        assertThat(options.projectId()).isEqualTo("bench");
    }

    @Test
    void servesHttpsWithTheGivenCertificateAndKey() {
        EmulatorCommandLine options = EmulatorCommandLine.parse("--tls-cert=/tls/cert.pem", "--tls-key=/tls/key.pem");

        assertThat(options.settings()).isEqualTo(EmulatorSettings.defaults()
                .withTls(Path.of("/tls/cert.pem"), Path.of("/tls/key.pem")));
    }

    @Test
    void refusesACertificateWithoutItsKey() {
        assertThatThrownBy(() -> EmulatorCommandLine.parse("--tls-cert=/tls/cert.pem"))
                .hasMessageContaining("--tls-cert and --tls-key go together");
    }

    @Test
    void usesTheDefaultsWithoutOptions() {
        EmulatorCommandLine options = EmulatorCommandLine.parse();

        assertThat(options.settings()).isEqualTo(EmulatorSettings.defaults());
        assertThat(options.serviceAccountDir()).isEmpty();
    }

    @Test
    void refusesUnknownOrMalformedOptions() {
        assertThatThrownBy(() -> EmulatorCommandLine.parse("--colour=blue")).hasMessageContaining("--colour");
        assertThatThrownBy(() -> EmulatorCommandLine.parse("--port")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmulatorCommandLine.parse("--port=eighty")).hasMessageContaining("whole number");
    }
}
