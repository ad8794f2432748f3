package io.pushgateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EmulatorSettingsTest {

    @Test
    void defaultsToAnEphemeralPortTheDocumentedKeyNoLatency64ThreadsAnd100Streams() {
        assertThat(EmulatorSettings.defaults())
                .isEqualTo(new EmulatorSettings(0, "emulator-legacy-key", Duration.ZERO, Duration.ZERO, 64, 100));
    }

    @Test
    void copiesWithOneValueChanged() {
        EmulatorSettings changed = EmulatorSettings.defaults()
                .withPort(9099).withLegacyApiKey("k").withLatency(Duration.ofMillis(5))
                .withJitter(Duration.ofMillis(2)).withThreads(4).withMaxConcurrentStreams(10);

        assertThat(changed).isEqualTo(new EmulatorSettings(9099, "k", Duration.ofMillis(5), Duration.ofMillis(2), 4, 10));
    }

    @Test
    void refusesSettingsThatCannotWork() {
        EmulatorSettings defaults = EmulatorSettings.defaults();
        assertThatThrownBy(() -> defaults.withPort(70_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withThreads(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withMaxConcurrentStreams(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withLegacyApiKey(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withLatency(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EmulatorSettings(0, "k", Duration.ZERO, Duration.ZERO, 1, 1, Path.of("cert.pem"), null))
                .hasMessageContaining("both a certificate and its key");
    }

    @Test
    void servesPlainHttpUnlessGivenACertificateAndKey() {
        assertThat(EmulatorSettings.defaults().tls()).isFalse();

        EmulatorSettings https = EmulatorSettings.defaults().withTls(Path.of("cert.pem"), Path.of("key.pem")).withPort(9443);

        assertThat(https.tls()).isTrue();
        assertThat(https.tlsCertificate()).isEqualTo(Path.of("cert.pem"));
        assertThat(https.tlsKey()).isEqualTo(Path.of("key.pem"));
    }
}
