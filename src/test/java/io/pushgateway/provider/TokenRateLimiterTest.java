package io.pushgateway.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The quota guard on a fake clock: waits are computed and recorded, never slept. */
class TokenRateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<Long> slept = new ArrayList<>();
    /** Sleeping moves the fake clock, like a real wait would. */
    private final TokenRateLimiter.Sleeper sleeper = nanos -> {
        slept.add(nanos);
        now.addAndGet(nanos);
    };

    private TokenRateLimiter limiter(long perSecond) {
        return new TokenRateLimiter(perSecond, now::get, sleeper);
    }

    @Test
    void offNeverWaits() {
        TokenRateLimiter off = TokenRateLimiter.perSecond(0);
        assertThat(off.isOff()).isTrue();
        for (int i = 0; i < 1000; i++) {
            assertThat(off.acquire(1000)).isZero();
        }
    }

    @Test
    void firstSendGoesAtOnceAndTheNextWaitsForItsTokens() {
        TokenRateLimiter limiter = limiter(1000);
        assertThat(limiter.acquire(100)).isZero();
        // 100 tokens at 1000/s occupy 100 ms
        assertThat(limiter.acquire(1)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
    }

    @Test
    void holdsTheRateOverManySendsOfMixedSizes() {
        TokenRateLimiter limiter = limiter(10_000);
        long start = now.get();
        long tokens = 0;
        int[] sizes = {1, 2, 1000, 7, 1, 500, 2};
        for (int i = 0; i < 7000; i++) {
            int n = sizes[i % sizes.length];
            limiter.acquire(n);
            tokens += n;
        }
        double seconds = (now.get() - start) / 1e9;
        // the last grant starts at (tokens - lastSize) / rate: within 0.1 % of tokens / rate here
        assertThat(tokens / seconds).isBetween(10_000 * 0.999, 10_000 * 1.01);
    }

    @Test
    void idleTimeIsNotSavedUpAsABurst() {
        TokenRateLimiter limiter = limiter(100);
        limiter.acquire(10);
        now.addAndGet(TimeUnit.SECONDS.toNanos(60));
        // a minute idle buys only the 100 ms catch-up window: 10 tokens, then the rate again
        assertThat(limiter.acquire(10)).isZero();
        assertThat(limiter.acquire(10)).isZero();
        assertThat(limiter.acquire(10)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
    }

    @Test
    void concurrentCallersQueueUpInsteadOfBeingDropped() {
        TokenRateLimiter limiter = limiter(1000);
        // five callers arrive at the same instant (no sleeping between reservations)
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waits.add(limiter.reserve(10));
        }
        assertThat(waits).containsExactly(0L, 10_000_000L, 20_000_000L, 30_000_000L, 40_000_000L);
    }

    @Test
    void sendLargerThanOneSecondOfQuotaStillGoesThrough() {
        TokenRateLimiter limiter = limiter(500);
        assertThat(limiter.acquire(1000)).isZero();
        assertThat(limiter.acquire(1000)).isEqualTo(TimeUnit.SECONDS.toNanos(2));
    }

    @Test
    void realTimeLimiterWaitsBriefly() {
        TokenRateLimiter limiter = TokenRateLimiter.perSecond(1000);
        long start = System.nanoTime();
        limiter.acquire(1);
        limiter.acquire(20);
        limiter.acquire(1);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
    }

    @Test
    void negativeRateIsRefused() {
        assertThatThrownBy(() -> new TokenRateLimiter(-1, now::get, sleeper)).isInstanceOf(IllegalArgumentException.class);
    }
}
