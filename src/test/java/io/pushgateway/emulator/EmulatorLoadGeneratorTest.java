package io.pushgateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmulatorLoadGeneratorTest {

    private static final Duration WARM_UP = Duration.ofMillis(200);
    private static final Duration MEASURED = Duration.ofMillis(800);

    @RegisterExtension
    static final RunningEmulator fcm = RunningEmulator.builder().latency(Duration.ofMillis(10)).projects("load").build();

    @Test
    void drivesV1SendsWithFreshTokensAndStopsByItself() throws Exception {
        fcm.emulator().resetStats();
        long started = System.nanoTime();

        EmulatorLoadGenerator.Result result = EmulatorLoadGenerator.run(
                EmulatorLoadGenerator.Target.v1("127.0.0.1", fcm.emulator().port(), "load", fcm.bearer()), 8, WARM_UP, MEASURED);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(result.calls()).isGreaterThan(50);
        assertThat(result.tokens()).isEqualTo(result.calls());
        assertThat(result.otherStatuses()).isEmpty();
        assertThat(result.ioFailures()).isZero();
        assertThat(fcm.emulator().stats().sendRequests()).isGreaterThanOrEqualTo(result.calls());
        // Every call addressed a token never seen before, as the gateway's sends do.
        assertThat(fcm.emulator().stats().duplicateDeliveries()).isZero();
    }

    @Test
    void drivesV1SendsOverH2cWithManyCallsInFlight() throws Exception {
        fcm.emulator().resetStats();

        EmulatorLoadGenerator.Result result = EmulatorLoadGenerator.run(
                EmulatorLoadGenerator.Target.v1("127.0.0.1", fcm.emulator().port(), "load", fcm.bearer()),
                EmulatorLoadGenerator.Protocol.H2C, 150, WARM_UP, MEASURED);

        assertThat(result.protocol()).isEqualTo(EmulatorLoadGenerator.Protocol.H2C);
        // One call at a time at 10 ms latency would make at most 80 calls in the 800 ms measured.
        assertThat(result.calls()).isGreaterThan(150);
        assertThat(result.otherStatuses()).isEmpty();
        assertThat(result.ioFailures()).isZero();
        assertThat(fcm.emulator().stats().duplicateDeliveries()).isZero();
    }

    @Test
    void drivesLegacyMulticastsAndCountsTheirTokens() throws Exception {
        fcm.emulator().resetStats();

        EmulatorLoadGenerator.Result result = EmulatorLoadGenerator.run(
                EmulatorLoadGenerator.Target.legacy("127.0.0.1", fcm.emulator().port(), EmulatorSettings.DEFAULT_LEGACY_API_KEY, 50),
                4, WARM_UP, MEASURED);

        assertThat(result.calls()).isGreaterThan(20);
        assertThat(result.tokens()).isEqualTo(result.calls() * 50);
        assertThat(fcm.emulator().stats().duplicateDeliveries()).isZero();
        // The emulator counted every token the generator saw answered. Only a lower bound: calls that
        // a generator abandons when it stops (this one's, or the previous test's, after the reset)
        // may still be counted a moment later.
        assertThat(fcm.emulator().stats().tokensReceived()).isGreaterThanOrEqualTo(result.tokens());
    }

    @Test
    void countsRefusedCallsApartFromSuccesses() throws Exception {
        EmulatorLoadGenerator.Result result = EmulatorLoadGenerator.run(
                EmulatorLoadGenerator.Target.legacy("127.0.0.1", fcm.emulator().port(), "wrong-key", 1), 2, WARM_UP, MEASURED);

        assertThat(result.calls()).isZero();
        assertThat(result.otherStatuses()).containsKey(401);
    }
}
