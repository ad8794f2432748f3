package io.pushgateway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IntakeLimitsTest {

    @Test
    void defaultsToFcmPayloadLimitAndRoomForAHundredThousandTokens() {
        IntakeLimits limits = IntakeLimits.defaults();

        assertThat(limits.maxPayloadBytes()).isEqualTo(4096);
        assertThat(limits.maxTokens()).isEqualTo(100_000);
        // 100,000 tokens of about 165 bytes each must fit in one body.
        assertThat(limits.maxBodyBytes()).isGreaterThan(100_000 * 200);
    }

    @Test
    void refusesLimitsThatAreNotPositive() {
        assertThatThrownBy(() -> new IntakeLimits(0, 10, 10)).hasMessageContaining("maxPayloadBytes");
        assertThatThrownBy(() -> new IntakeLimits(10, -1, 10)).hasMessageContaining("maxTokens");
        assertThatThrownBy(() -> new IntakeLimits(10, 10, 0)).hasMessageContaining("maxBodyBytes");
    }
}
