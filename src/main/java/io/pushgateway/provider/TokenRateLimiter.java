package io.pushgateway.provider;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The quota guard ({@code push.fcm.rate-limit}): at most {@code tokensPerSecond} tokens per second
 * leave this instance for FCM. A send of N tokens takes N permits; a caller over the rate waits
 * (blocking) until its turn, so tokens are delayed, never dropped. Idle time is not saved up: a
 * sender running late may catch up by at most 100 ms worth of tokens, so over any window of T
 * seconds at most {@code rate * (T + 0.1)} tokens go out. Zero turns it off.
 *
 * <p>Permits are handed out on a virtual schedule: each grant moves the next free instant forward
 * by {@code N / rate}; a caller waits until the instant its grant starts.
 */
public final class TokenRateLimiter {

    /** Waits {@code nanos}; swapped in tests so they never sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private static final TokenRateLimiter OFF = new TokenRateLimiter(0, System::nanoTime, TokenRateLimiter::park);

    /** How far behind schedule a sender may catch up: 100 ms, i.e. at most rate/10 tokens ahead. */
    static final long CATCH_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final double nanosPerToken;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private long nextFree;
    private boolean started;

    public TokenRateLimiter(long tokensPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
        if (tokensPerSecond < 0) {
            throw new IllegalArgumentException("tokensPerSecond must be >= 0 but was " + tokensPerSecond);
        }
        this.nanosPerToken = tokensPerSecond == 0 ? 0 : TimeUnit.SECONDS.toNanos(1) / (double) tokensPerSecond;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /** Real time; {@code tokensPerSecond} 0 is the shared limiter that never waits. */
    public static TokenRateLimiter perSecond(long tokensPerSecond) {
        return tokensPerSecond == 0 ? OFF : new TokenRateLimiter(tokensPerSecond, System::nanoTime, TokenRateLimiter::park);
    }

    public boolean isOff() {
        return nanosPerToken == 0;
    }

    /** Takes {@code tokens} permits, waiting as long as needed; returns the nanoseconds waited (planned). */
    public long acquire(int tokens) {
        long wait = reserve(tokens);
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

    /** Books {@code tokens} permits and returns how long the caller must wait before using them. */
    synchronized long reserve(int tokens) {
        if (isOff() || tokens <= 0) {
            return 0;
        }
        long now = nanoTime.getAsLong();
        if (!started) {
            nextFree = now;
            started = true;
        } else if (now - nextFree > CATCH_UP_NANOS) {
            // Idle: at most a short catch-up window is credited, so sends that were late through
            // scheduling hiccups may catch up, but no idle time is saved up as a burst.
            nextFree = now - CATCH_UP_NANOS;
        }
        long startAt = nextFree;
        nextFree = startAt + Math.round(tokens * nanosPerToken);
        return Math.max(0, startAt - now);
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
