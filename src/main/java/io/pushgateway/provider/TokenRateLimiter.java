package io.pushgateway.provider;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The quota guard ({@code push.fcm.rate-limit}): at most {@code tokensPerSecond} tokens per second
 * leave this instance for FCM. A send of N tokens takes N permits; a caller over the rate waits
 * (blocking) until all its permits are there, so tokens are delayed, never dropped. Zero turns it
 * off, and off costs a field read: no lock, no allocation.
 *
 * <p>Resilience4j's {@link RateLimiter} counts the permits. Every refresh period (100 ms) it tops
 * them up to one period's worth ({@code rate / 10}), no higher: idle time is not saved up, and a
 * sender running late may catch up by at most 100 ms worth of tokens. So over any window of T
 * seconds at most {@code rate * (T + 0.1)} tokens go out, besides one send larger than a period's
 * permits (a legacy multicast of up to 1,000 tokens), which waits for all of them to accrue and
 * then goes at once. Such a send is never refused: it books permits of periods to come, and the
 * callers behind it wait their turn.
 *
 * <p>Waits end on refresh boundaries, so a backlog leaves in steps of {@code rate / 10} every 100
 * ms rather than evenly spaced; a waiting caller wakes about ten times a second instead of once per
 * token (at 50,000 tokens/s and 64 callers: 0.5 s of CPU in 21 s, against 7 to 8.5 s before).
 */
public final class TokenRateLimiter {

    /** Waits {@code nanos}; swapped in tests so they never sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private static final TokenRateLimiter OFF = new TokenRateLimiter(0, TokenRateLimiter::park);

    /**
     * The refresh period, and so the catch-up window: 100 ms. Shorter lost permits on a loaded
     * 2-core machine (callers not scheduled within a 10 ms period: -5 % to -30 % at 50,000/s), longer
     * lets bigger bursts out.
     */
    static final long REFRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** Long enough that no caller is ever refused: waiting, not dropping, is the contract. */
    private static final Duration NEVER_REFUSE = Duration.ofNanos(Long.MAX_VALUE);

    /** Null when off. */
    private final RateLimiter permits;
    private final Sleeper sleeper;

    /**
     * Resilience4j 2.3, the line camel-resilience4j brings, reads {@code System.nanoTime()} itself (2.4
     * takes a time source), so only the {@code sleeper} is swapped in tests.
     */
    public TokenRateLimiter(long tokensPerSecond, Sleeper sleeper) {
        if (tokensPerSecond < 0) {
            throw new IllegalArgumentException("tokensPerSecond must be >= 0 but was " + tokensPerSecond);
        }
        this.permits = tokensPerSecond == 0 ? null
                : RateLimiter.of("fcm-quota", config(tokensPerSecond));
        this.sleeper = sleeper;
    }

    /** Real time; {@code tokensPerSecond} 0 is the shared limiter that never waits. */
    public static TokenRateLimiter perSecond(long tokensPerSecond) {
        return tokensPerSecond == 0 ? OFF : new TokenRateLimiter(tokensPerSecond, TokenRateLimiter::park);
    }

    public boolean isOff() {
        return permits == null;
    }

    /** Takes {@code tokens} permits, waiting as long as needed; returns the nanoseconds waited (planned). */
    public long acquire(int tokens) {
        if (permits == null || tokens <= 0) {
            return 0;
        }
        long wait = permits.reservePermission(tokens);
        if (wait < 0) {
            // Only past NEVER_REFUSE, some 292 years.
            throw new IllegalStateException("the FCM rate limit refused " + tokens + " tokens");
        }
        if (wait > 0) {
            try {
                sleeper.sleepNanos(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the FCM rate limit", e);
            }
        }
        return wait;
    }

    /**
     * One period holds 100 ms worth of tokens, at least one; the period is then stretched or shrunk
     * to the nanosecond so that {@code limitForPeriod / period} is the rate. A single call may ask
     * for more than {@code limitForPeriod}: the atomic limiter books the periods it needs.
     */
    static RateLimiterConfig config(long tokensPerSecond) {
        long perPeriod = Math.max(1, Math.min(Integer.MAX_VALUE, tokensPerSecond / (TimeUnit.SECONDS.toNanos(1) / REFRESH_NANOS)));
        long periodNanos = Math.max(1, Math.round(perPeriod * (double) TimeUnit.SECONDS.toNanos(1) / tokensPerSecond));
        return RateLimiterConfig.custom()
                .limitForPeriod((int) perPeriod)
                .limitRefreshPeriod(Duration.ofNanos(periodNanos))
                .timeoutDuration(NEVER_REFUSE)
                .build();
    }

    private static void park(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
