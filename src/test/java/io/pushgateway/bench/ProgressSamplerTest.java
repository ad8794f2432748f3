package io.pushgateway.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pushgateway.bench.ProgressSampler.Sample;
import io.pushgateway.bench.ProgressSampler.Window;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The measured window of a run: token counts and gateway CPU interpolated between readings. */
class ProgressSamplerTest {

    private static final long SECOND = 1_000_000_000L;
    private static final List<Sample> READINGS = List.of(
            new Sample(0, 0, 1.0), new Sample(SECOND, 1_000, 2.0), new Sample(2 * SECOND, 3_000, 4.0));

    @Test
    void aWindowStartsWhereItsFirstTokenCountWasPassedBetweenTwoReadings() {
        Window window = ProgressSampler.window(READINGS, 500, 3_000);

        assertThat(window.seconds()).isCloseTo(1.5, within(1e-9));
        assertThat(window.tokens()).isEqualTo(2_500);
        assertThat(window.gatewayCpuSeconds()).isCloseTo(2.5, within(1e-9));
        assertThat(window.tokensPerSecond()).isCloseTo(1_666.67, within(0.01));
        assertThat(window.cpuMicrosPerToken()).isCloseTo(1_000, within(1e-6));
    }

    @Test
    void theBrokersCpuIsTakenOverTheSameWindowAndGivenPerRequest() {
        List<Sample> readings = List.of(new Sample(0, 0, 1.0, 10.0), new Sample(SECOND, 1_000, 2.0, 10.5),
                new Sample(2 * SECOND, 3_000, 4.0, 11.5));

        Window window = ProgressSampler.window(readings, 500, 3_000);

        assertThat(window.brokerCpuSeconds()).isCloseTo(1.25, within(1e-9));
        assertThat(window.brokerCpuMicrosPerRequest(2)).isCloseTo(1_000, within(1e-6));
        assertThat(window.cpuMicrosPerRequest(2)).isCloseTo(2_000, within(1e-6));
    }

    @Test
    void theBrokersCpuIsUnknownWhenAReadingLacksIt() {
        Window window = ProgressSampler.window(READINGS, 500, 3_000);

        assertThat(window.brokerCpuSeconds()).isEqualTo(-1);
        assertThat(window.brokerCpuMicrosPerRequest(2)).isEqualTo(-1);
    }

    @Test
    void aWindowEndsAtWhatWasReceivedWhenThePhaseStoppedShort() {
        Window window = ProgressSampler.window(READINGS, 1_000, 10_000);

        assertThat(window.tokens()).isEqualTo(2_000);
        assertThat(window.seconds()).isCloseTo(1.0, within(1e-9));
    }
}
