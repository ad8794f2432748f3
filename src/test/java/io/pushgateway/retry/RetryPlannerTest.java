package io.pushgateway.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryPlannerTest {

    private final RetryPlanner planner = new RetryPlanner(
            List.of(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2),
                    Duration.ofMinutes(10)));

    @Test
    void movesAFailedTokenOneLevelUpPerAttempt() {
        assertThat(planner.afterFailure(0, Duration.ZERO)).isEqualTo(new RetryDecision.Delay(1, 1));
        assertThat(planner.afterFailure(1, Duration.ZERO)).isEqualTo(new RetryDecision.Delay(2, 2));
        assertThat(planner.afterFailure(4, Duration.ZERO)).isEqualTo(new RetryDecision.Delay(5, 5));
    }

    @Test
    void givesUpAfterTheLastLevel() {
        assertThat(planner.afterFailure(5, Duration.ZERO)).isEqualTo(new RetryDecision.Exhausted(6));
    }

    @Test
    void choosesALevelLongEnoughForRetryAfterWithoutChangingTheAttempt() {
        assertThat(planner.afterFailure(0, Duration.ofSeconds(20))).isEqualTo(new RetryDecision.Delay(3, 1));
        assertThat(planner.afterFailure(0, Duration.ofSeconds(5))).isEqualTo(new RetryDecision.Delay(2, 1));
        assertThat(planner.afterFailure(3, Duration.ofSeconds(2))).isEqualTo(new RetryDecision.Delay(4, 4));
    }

    @Test
    void usesTheLongestLevelWhenRetryAfterExceedsEveryLevel() {
        assertThat(planner.afterFailure(0, Duration.ofHours(1))).isEqualTo(new RetryDecision.Delay(5, 1));
    }

    @Test
    void keepsTheAttemptOfTokensTheOpenCircuitHeldBackAndWaitsUntilTheBreakersNextProbe() {
        Duration probeIn30s = Duration.ofSeconds(30);
        assertThat(planner.afterNotSent(0, probeIn30s)).isEqualTo(new RetryDecision.Delay(3, 0));
        assertThat(planner.afterNotSent(2, probeIn30s)).isEqualTo(new RetryDecision.Delay(3, 2));
        assertThat(planner.afterNotSent(5, probeIn30s)).isEqualTo(new RetryDecision.Delay(3, 5));
    }

    @Test
    void holdsARefusedTokenThatAlreadyFailedTwiceOnlyUntilTheNextProbeNotForItsAttemptsLevel() {
        assertThat(planner.afterNotSent(2, Duration.ofMillis(900))).isEqualTo(new RetryDecision.Delay(1, 2));
        assertThat(planner.afterNotSent(4, Duration.ofSeconds(2))).isEqualTo(new RetryDecision.Delay(1, 4));
    }

    @Test
    void holdsTokensNoLongerThanUntilTheBreakersNextProbe() {
        assertThat(planner.afterNotSent(0, Duration.ofMillis(800))).isEqualTo(new RetryDecision.Delay(1, 0));
        assertThat(planner.afterNotSent(0, Duration.ofSeconds(2))).isEqualTo(new RetryDecision.Delay(1, 0));
        assertThat(planner.afterNotSent(0, Duration.ofSeconds(16))).isEqualTo(new RetryDecision.Delay(2, 0));
        assertThat(planner.afterNotSent(0, Duration.ZERO)).isEqualTo(new RetryDecision.Delay(1, 0));
    }
}
