package io.pushgateway.provider;

import io.pushgateway.config.QuotaLimit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One project's quota guard and how large this gateway's part of it is. A shared limit
 * ({@code rate-limit}) is the project's total, so each of the {@code n} live gateways takes
 * {@code limit / n}; a per-instance limit ({@code rate-limit-per-instance}) is this gateway's
 * whatever {@code n} is. A 429 from FCM (someone spends the quota besides us) halves this
 * gateway's part until the {@code Retry-After} it came with has passed; a 429 while halved moves
 * that end, never the level, so concurrent batches answered 429 at once do not halve it again and
 * again. The tokens of the 429 go to the retry levels as before: that is not decided here.
 *
 * <p>The send path only {@link #acquire}s; the sizing methods run on the presence thread or when
 * a batch is classified, and resize the limiter only when the part changed. A slow-down ends at
 * the first presence refresh after its {@code Retry-After}, so up to one refresh late.
 */
public final class ProjectQuota {

    /** FCM's 429 normally says how long to wait; this long when it does not. */
    static final Duration SLOW_DOWN_WITHOUT_RETRY_AFTER = Duration.ofSeconds(10);

    private final String project;
    private final QuotaLimit limit;
    private final TokenRateLimiter limiter;
    private final Clock clock;
    private int liveGateways = 1;
    private Instant slowUntil = Instant.MIN;

    /** {@code limiter} must have been made with {@code limit}'s rate (0 when off). */
    public ProjectQuota(String project, QuotaLimit limit, TokenRateLimiter limiter, Clock clock) {
        this.project = project;
        this.limit = limit;
        this.limiter = limiter;
        this.clock = clock;
    }

    /** With real time: the limiter starts at the whole limit, as if this gateway were alone. */
    public static ProjectQuota of(String project, QuotaLimit limit, Clock clock) {
        return new ProjectQuota(project, limit, TokenRateLimiter.perSecond(limit.tokensPerSecond()), clock);
    }

    /** No quota guard. */
    public static ProjectQuota off(String project) {
        return of(project, QuotaLimit.OFF, Clock.systemUTC());
    }

    /**
     * This gateway's part, tokens per second, before rounding to the limiter's periods: the
     * limit, divided among the live gateways when shared, halved while slowed down; 0 when off.
     */
    static double share(QuotaLimit limit, int liveGateways, boolean slowedDown) {
        if (limit.isOff()) {
            return 0;
        }
        double share = limit.scope() == QuotaLimit.Scope.SHARED
                ? (double) limit.tokensPerSecond() / Math.max(1, liveGateways) : limit.tokensPerSecond();
        return slowedDown ? share / 2 : share;
    }

    /** Takes {@code tokens} permits, waiting as long as needed (see {@link TokenRateLimiter#acquire}). */
    public long acquire(int tokens) {
        return limiter.acquire(tokens);
    }

    /**
     * {@code n} gateways (this one among them) are consuming now. Called on every presence
     * refresh, so it also ends a slow-down whose {@code Retry-After} has passed.
     */
    public synchronized void liveGateways(int n) {
        liveGateways = Math.max(1, n);
        resize();
    }

    /** FCM answered 429 to a send of this project, saying to wait {@code retryAfter} (zero: not said). */
    public synchronized void quotaExceeded(Duration retryAfter) {
        Duration wait = retryAfter.isZero() || retryAfter.isNegative() ? SLOW_DOWN_WITHOUT_RETRY_AFTER : retryAfter;
        Instant until = clock.instant().plus(wait);
        if (until.isAfter(slowUntil)) {
            slowUntil = until;
        }
        resize();
    }

    /** The tokens per second this gateway may send for the project now; 0 when it has no quota guard. */
    public double tokensPerSecond() {
        return limiter.tokensPerSecond();
    }

    public boolean isOff() {
        return limit.isOff();
    }

    public String project() {
        return project;
    }

    /** Whether a 429's {@code Retry-After} is still running. */
    public synchronized boolean isSlowedDown() {
        return clock.instant().isBefore(slowUntil);
    }

    private void resize() {
        if (!limit.isOff()) {
            limiter.resize(share(limit, liveGateways, isSlowedDown()));
        }
    }
}
