package io.pushgateway.emulator;

import java.time.Duration;

/**
 * A failure the emulator plays for every send request (v1 and legacy) until another outage is set.
 * The OAuth token endpoint and the admin endpoints are not affected, except by
 * {@link RefuseConnections}, which closes the whole listening socket.
 *
 * <p>Outages are checked before credentials, the way a front end that is down never looks at them.
 */
public sealed interface Outage {

    /** The name used by the admin endpoint {@code POST /emulator/outage}. */
    String kind();

    /** Normal service: every send is answered by the token rules. */
    static Outage none() {
        return None.INSTANCE;
    }

    /**
     * Every send answers 503 with {@code Retry-After}: v1 a bare google.rpc.Status UNAVAILABLE
     * (no FcmError, as when Google's front end is overloaded), legacy a plain-text body.
     */
    static Outage unavailable(Duration retryAfter) {
        return new Unavailable(retryAfter);
    }

    /**
     * Every send answers 429 with {@code Retry-After}: v1 RESOURCE_EXHAUSTED with FcmError
     * QUOTA_EXCEEDED (the project quota is spent), legacy a plain-text body.
     */
    static Outage rateLimited(Duration retryAfter) {
        return new RateLimited(retryAfter);
    }

    /** Every send hangs for {@code hang}, then answers 503 UNAVAILABLE; a sane client has timed out by then. */
    static Outage timeout(Duration hang) {
        return new Timeout(hang);
    }

    /**
     * The listening socket is closed, so connecting fails with "connection refused" (open keep-alive
     * connections are closed too). The admin endpoints are unreachable as well; only the in-process
     * API can end this outage. Setting any other outage listens again on the same port.
     */
    static Outage refuseConnections() {
        return RefuseConnections.INSTANCE;
    }

    /** Every send answers 500: v1 a bare google.rpc.Status INTERNAL, legacy a plain-text body. */
    static Outage internalError() {
        return Internal.INSTANCE;
    }

    record None() implements Outage {
        static final None INSTANCE = new None();

        @Override
        public String kind() {
            return "none";
        }
    }

    record Unavailable(Duration retryAfter) implements Outage {
        public Unavailable {
            EmulatorSettings.requireNotNegative(retryAfter, "retryAfter");
        }

        @Override
        public String kind() {
            return "unavailable";
        }
    }

    record RateLimited(Duration retryAfter) implements Outage {
        public RateLimited {
            EmulatorSettings.requireNotNegative(retryAfter, "retryAfter");
        }

        @Override
        public String kind() {
            return "rate-limited";
        }
    }

    record Timeout(Duration hang) implements Outage {
        public Timeout {
            EmulatorSettings.requireNotNegative(hang, "hang");
        }

        @Override
        public String kind() {
            return "timeout";
        }
    }

    record RefuseConnections() implements Outage {
        static final RefuseConnections INSTANCE = new RefuseConnections();

        @Override
        public String kind() {
            return "refuse";
        }
    }

    /** Named {@code Internal} rather than {@code InternalError} so it cannot be confused with {@link java.lang.InternalError}. */
    record Internal() implements Outage {
        static final Internal INSTANCE = new Internal();

        @Override
        public String kind() {
            return "internal";
        }
    }
}
