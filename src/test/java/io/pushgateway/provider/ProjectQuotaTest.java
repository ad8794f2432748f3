package io.pushgateway.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pushgateway.config.QuotaLimit;
import io.pushgateway.testsupport.MovableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A gateway's share of a project's quota: the shared limit divided by the live gateways, a
 * per-instance limit whole, halved while a 429's Retry-After runs. Time comes from a clock the
 * test moves; the limiter's waits are recorded, never slept.
 */
class ProjectQuotaTest {

    private static final QuotaLimit SHARED_3000 = new QuotaLimit(3000, QuotaLimit.Scope.SHARED);
    private static final QuotaLimit PER_INSTANCE_3000 = new QuotaLimit(3000, QuotaLimit.Scope.PER_INSTANCE);

    private final MovableClock clock = new MovableClock();

    private ProjectQuota quota(QuotaLimit limit) {
        return new ProjectQuota("p", limit, new TokenRateLimiter(limit.tokensPerSecond(), nanos -> { }), clock);
    }

    @Test
    void aSharedLimitIsDividedAmongTheLiveGateways() {
        assertThat(ProjectQuota.share(SHARED_3000, 1, false)).isEqualTo(3000);
        assertThat(ProjectQuota.share(SHARED_3000, 2, false)).isEqualTo(1500);
        assertThat(ProjectQuota.share(SHARED_3000, 3, false)).isEqualTo(1000);
        assertThat(ProjectQuota.share(SHARED_3000, 7, false)).isCloseTo(428.57, within(0.01));
    }

    @Test
    void aPerInstanceLimitIsEveryGatewaysWholeHoweverManyRun() {
        assertThat(ProjectQuota.share(PER_INSTANCE_3000, 1, false)).isEqualTo(3000);
        assertThat(ProjectQuota.share(PER_INSTANCE_3000, 10, false)).isEqualTo(3000);
    }

    @Test
    void aSlowDownHalvesTheShareWhateverTheScope() {
        assertThat(ProjectQuota.share(SHARED_3000, 3, true)).isEqualTo(500);
        assertThat(ProjectQuota.share(PER_INSTANCE_3000, 3, true)).isEqualTo(1500);
    }

    @Test
    void noLiveGatewayCountedYetCountsAsThisOneAlone() {
        assertThat(ProjectQuota.share(SHARED_3000, 0, false)).isEqualTo(3000);
    }

    @Test
    void offIsZeroAndStaysOffWhateverTheGateways() {
        assertThat(ProjectQuota.share(QuotaLimit.OFF, 3, false)).isZero();
        ProjectQuota off = quota(QuotaLimit.OFF);
        off.liveGateways(3);
        off.quotaExceeded(Duration.ofSeconds(5));

        assertThat(off.isOff()).isTrue();
        assertThat(off.tokensPerSecond()).isZero();
        assertThat(off.acquire(1_000_000)).isZero();
    }

    @Test
    void startsAtTheWholeLimitAndResizesItsLimiterWhenGatewaysJoinAndDie() {
        ProjectQuota quota = quota(SHARED_3000);
        assertThat(quota.tokensPerSecond()).isCloseTo(3000, within(0.001));

        quota.liveGateways(3);
        assertThat(quota.tokensPerSecond()).isCloseTo(1000, within(0.001));
        quota.liveGateways(2);
        assertThat(quota.tokensPerSecond()).isCloseTo(1500, within(0.001));
        quota.liveGateways(3);
        assertThat(quota.tokensPerSecond()).isCloseTo(1000, within(0.001));
    }

    @Test
    void roundsAShareDownToWholePermitsAPeriodSoTheSharesNeverAddUpToMoreThanTheLimit() {
        ProjectQuota quota = quota(SHARED_3000);
        quota.liveGateways(7);

        // 428.57/s is 42.857 permits a 100 ms period: 42, so 420/s, and 7 x 420 = 2,940 <= 3,000.
        assertThat(quota.tokensPerSecond()).isCloseTo(420, within(0.001));
        assertThat(quota.tokensPerSecond() * 7).isLessThanOrEqualTo(3000);
    }

    @Test
    void aResizedLimiterMakesCallersWaitAtTheNewRate() {
        TokenRateLimiter limiter = new TokenRateLimiter(3000, nanos -> { });
        ProjectQuota quota = new ProjectQuota("p", SHARED_3000, limiter, clock);
        quota.liveGateways(3);
        // The first period still holds the 300 permits of the whole limit; from the next on, 100 a period.
        quota.acquire(300);
        long lastWait = 0;
        for (int i = 0; i < 100; i++) {
            lastWait = quota.acquire(100);
        }
        // 10,000 tokens after the first period, at 1,000/s: the last goes about 10 s out.
        assertThat(lastWait / 1e9).isCloseTo(10.0, within(0.2));
    }

    @Test
    void a429HalvesTheShareUntilItsRetryAfterHasPassedThenTheShareIsWholeAgain() {
        ProjectQuota quota = quota(SHARED_3000);
        quota.liveGateways(3);

        quota.quotaExceeded(Duration.ofSeconds(30));
        assertThat(quota.isSlowedDown()).isTrue();
        assertThat(quota.tokensPerSecond()).isCloseTo(500, within(0.001));

        clock.advance(Duration.ofSeconds(29));
        quota.liveGateways(3);
        assertThat(quota.tokensPerSecond()).as("still inside Retry-After").isCloseTo(500, within(0.001));

        clock.advance(Duration.ofSeconds(1));
        quota.liveGateways(3);
        assertThat(quota.isSlowedDown()).isFalse();
        assertThat(quota.tokensPerSecond()).isCloseTo(1000, within(0.001));
    }

    @Test
    void further429sWhileSlowedMoveTheEndButNeverHalveAgain() {
        ProjectQuota quota = quota(SHARED_3000);
        quota.liveGateways(3);

        quota.quotaExceeded(Duration.ofSeconds(10));
        quota.quotaExceeded(Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(5));
        quota.quotaExceeded(Duration.ofSeconds(10));
        // A shorter Retry-After never ends a longer one early.
        quota.quotaExceeded(Duration.ofSeconds(1));
        assertThat(quota.tokensPerSecond()).isCloseTo(500, within(0.001));

        clock.advance(Duration.ofSeconds(9));
        quota.liveGateways(3);
        assertThat(quota.tokensPerSecond()).as("the last 429's Retry-After runs to 15 s").isCloseTo(500, within(0.001));
        clock.advance(Duration.ofSeconds(1));
        quota.liveGateways(3);
        assertThat(quota.tokensPerSecond()).isCloseTo(1000, within(0.001));
    }

    @Test
    void a429WithoutRetryAfterSlowsDownForTenSeconds() {
        ProjectQuota quota = quota(SHARED_3000);
        quota.quotaExceeded(Duration.ZERO);

        clock.advance(ProjectQuota.SLOW_DOWN_WITHOUT_RETRY_AFTER.minusMillis(1));
        quota.liveGateways(1);
        assertThat(quota.tokensPerSecond()).isCloseTo(1500, within(0.001));
        clock.advance(Duration.ofMillis(1));
        quota.liveGateways(1);
        assertThat(quota.tokensPerSecond()).isCloseTo(3000, within(0.001));
    }

    @Test
    void aGatewayDyingWhileSlowedGivesTheSurvivorsHalfTheirNewShare() {
        ProjectQuota quota = quota(SHARED_3000);
        quota.liveGateways(3);
        quota.quotaExceeded(Duration.ofSeconds(60));

        quota.liveGateways(2);

        assertThat(quota.tokensPerSecond()).isCloseTo(750, within(0.001));
    }
}
