package io.pushgateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LatencyProfileTest {

    @Test
    void drawsDelaysBetweenTheFixedPartAndTheFixedPartPlusJitter() {
        LatencyProfile profile = new LatencyProfile(Duration.ofMillis(20), Duration.ofMillis(5));

        List<Duration> delays = IntStream.range(0, 2000).mapToObj(i -> profile.nextDelay()).toList();

        assertThat(delays).allSatisfy(delay -> assertThat(delay).isBetween(Duration.ofMillis(20), Duration.ofMillis(25)));
        assertThat(delays.stream().distinct().count()).isGreaterThan(100);
    }

    @Test
    void addsNothingWithoutJitter() {
        assertThat(new LatencyProfile(Duration.ofMillis(7), Duration.ZERO).nextDelay()).isEqualTo(Duration.ofMillis(7));
    }

    @Test
    void refusesNegativeDurations() {
        assertThatThrownBy(() -> new LatencyProfile(Duration.ofMillis(-1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
