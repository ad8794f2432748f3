package io.pushgateway.config;

/**
 * A project's quota guard as configured, in tokens per second: off, the project's total that the
 * live gateways share ({@code rate-limit}), or each gateway's own ({@code rate-limit-per-instance},
 * the meaning {@code rate-limit} had up to 0.1).
 *
 * @param tokensPerSecond 0 when off
 */
public record QuotaLimit(long tokensPerSecond, Scope scope) {

    /** Whom the limit is for. */
    public enum Scope {
        /** The project's total, divided among the gateways alive now. */
        SHARED,
        /** Each gateway's own, however many there are. */
        PER_INSTANCE
    }

    public static final QuotaLimit OFF = new QuotaLimit(0, Scope.SHARED);

    public QuotaLimit {
        if (tokensPerSecond < 0) {
            throw new IllegalArgumentException("tokensPerSecond must be >= 0 but was " + tokensPerSecond);
        }
    }

    /** The limit the two settings name; validation has made sure at most one of them is set. */
    static QuotaLimit of(long shared, long perInstance) {
        return perInstance > 0 ? new QuotaLimit(perInstance, Scope.PER_INSTANCE)
                : shared > 0 ? new QuotaLimit(shared, Scope.SHARED) : OFF;
    }

    public boolean isOff() {
        return tokensPerSecond == 0;
    }
}
