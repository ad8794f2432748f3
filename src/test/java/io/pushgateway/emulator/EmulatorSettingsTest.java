package io.pushgateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    }
}
