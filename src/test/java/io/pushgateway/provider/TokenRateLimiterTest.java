package io.pushgateway.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The quota guard. Resilience4j keeps its own clock (System.nanoTime), so most tests swap only the
 * sleeper: it records the planned waits and never sleeps, so the limiter sees every call at about
 * the same instant. Bounds allow for that instant to straddle a refresh (100 ms); the real-time
 * tests assert lower bounds the limiter guarantees and generous upper ones.
 */
class TokenRateLimiterTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final List<Long> slept = new ArrayList<>();
    private final TokenRateLimiter.Sleeper recordingSleeper = slept::add;

    private TokenRateLimiter limiter(long perSecond) {
        return new TokenRateLimiter(perSecond, recordingSleeper);
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
    void offTakesNoLockEvenWhileAnotherThreadHoldsTheLimitersMonitor() throws Exception {
        TokenRateLimiter off = TokenRateLimiter.perSecond(0);
        synchronized (off) {
            CompletableFuture<Long> waited = CompletableFuture.supplyAsync(() -> off.acquire(1000));
            assertThat(waited.get(10, TimeUnit.SECONDS)).isZero();
        }
    }

    @Test
    void offAllocatesNothing() {
        TokenRateLimiter off = TokenRateLimiter.perSecond(0);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().getId();
        long sum = 0;
        for (int i = 0; i < 10_000; i++) {
            sum += off.acquire(1);
        }
        long before = threads.getThreadAllocatedBytes(me);
        for (int i = 0; i < 100_000; i++) {
            sum += off.acquire(1) + off.acquire(1000);
        }
        long allocated = threads.getThreadAllocatedBytes(me) - before;
        assertThat(sum).isZero();
        // one object per call would be at least 3.2 MB; the measuring call itself takes a few bytes
        assertThat(allocated).isLessThan(10_000);
    }

    @Test
    void aThousandTokensAtOnceGoThroughAtALowLimitAfterWaitingForThem() {
        TokenRateLimiter limiter = limiter(100);
        long first = limiter.acquire(1000);
        // 10 tokens (one 100 ms period) are there at once; the other 990 accrue over 9.9 s
        assertThat(first).isBetween(9_700 * MS, 10_000 * MS);
        long second = limiter.acquire(1000);
        // booked behind the first: another 10 s of tokens
        assertThat(second - first).isBetween(9_000 * MS, 10_000 * MS);
        assertThat(slept).containsExactly(first, second);
    }

    @Test
    void aThousandTokensAtOnceReallyReturnAtALowLimit() {
        long start = System.nanoTime();
        TokenRateLimiter limiter = TokenRateLimiter.perSecond(2000);
        limiter.acquire(1000);
        long elapsed = System.nanoTime() - start;
        // 200 tokens at once, the other 800 in four refreshes of 200: the last one 400 ms after the start
        assertThat(elapsed).isBetween(400 * MS, 10 * SECOND);
    }

    @Test
    void firstSendWithinOnePeriodGoesAtOnceAndTheNextWaitsForItsTokens() {
        TokenRateLimiter limiter = limiter(1000);
        assertThat(limiter.acquire(100)).isZero();
        // 100 tokens a period: 150 more are never all there at once
        long wait = limiter.acquire(150);
        assertThat(wait).isPositive().isLessThanOrEqualTo(200 * MS);
        assertThat(slept).containsExactly(wait);
    }

    @Test
    void holdsTheRateOverManySendsOfMixedSizes() {
        TokenRateLimiter limiter = limiter(10_000);
        long tokens = 0;
        long lastWait = 0;
        int[] sizes = {1, 2, 1000, 7, 1, 500, 2};
        for (int i = 0; i < 7000; i++) {
            int n = sizes[i % sizes.length];
            lastWait = limiter.acquire(n);
            tokens += n;
        }
        // 1,513,000 tokens: the last send goes once they have all accrued, about 151 s out
        assertThat(tokens / (lastWait / 1e9)).isBetween(10_000 * 0.99, 10_000 * 1.02);
    }

    @Test
    void idleTimeIsNotSavedUpAsABurst() throws InterruptedException {
        TokenRateLimiter limiter = limiter(1000);
        Thread.sleep(500);
        // half a second idle buys only one period: 100 tokens, then the rate again
        assertThat(limiter.acquire(100)).isZero();
        assertThat(limiter.acquire(400)).isGreaterThanOrEqualTo(200 * MS);
    }

    @Test
    void concurrentCallersQueueUpInsteadOfBeingDropped() throws Exception {
        long start = System.nanoTime();
        TokenRateLimiter limiter = TokenRateLimiter.perSecond(1000);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> waits = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                waits.add(callers.submit(() -> limiter.acquire(50)));
            }
            for (Future<Long> wait : waits) {
                assertThat(wait.get(10, TimeUnit.SECONDS)).isNotNegative();
            }
            long elapsed = System.nanoTime() - start;
            // 400 tokens: 100 at once, then 100 a refresh; the last caller goes at the third, 300 ms in
            assertThat(elapsed).isBetween(300 * MS, 10 * SECOND);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void onePeriodHoldsATenthOfASecondOfTokensAndTheirRatioIsTheLimit() {
        for (long rate : new long[] {100, 999, 1234, 10_000, 33_333, 50_000}) {
            RateLimiterConfig config = TokenRateLimiter.config(rate);
            long periodNanos = config.getLimitRefreshPeriod().toNanos();
            assertThat(config.getLimitForPeriod()).as("permits a period at %d/s", rate).isEqualTo(rate / 10);
            assertThat(periodNanos).as("period at %d/s", rate).isCloseTo(100 * MS, within(MS));
            assertThat(config.getLimitForPeriod() * 1e9 / periodNanos).as("rate at %d/s", rate)
                    .isCloseTo(rate, within(rate * 1e-6));
        }
        // below 10/s a period holds one token and lasts longer
        assertThat(TokenRateLimiter.config(4).getLimitForPeriod()).isEqualTo(1);
        assertThat(TokenRateLimiter.config(4).getLimitRefreshPeriod().toNanos()).isEqualTo(250 * MS);
    }

    @Test
    void negativeRateIsRefused() {
        assertThatThrownBy(() -> limiter(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
