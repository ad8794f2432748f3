package io.pushgateway.emulator;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What each send API answers while an {@link Outage} is in force. */
final class OutageAnswers {

    private OutageAnswers() {
    }

    /** Empty when the outage lets sends through to the token rules. */
    static Optional<HttpAnswer> v1(Outage outage) {
        if (outage instanceof Outage.Unavailable unavailable) {
            return Optional.of(v1Unavailable().withHeader("Retry-After", seconds(unavailable.retryAfter())));
        }
        if (outage instanceof Outage.RateLimited rateLimited) {
            HttpAnswer answer = V1ErrorAnswers.withFcmError(429, "RESOURCE_EXHAUSTED",
                    "Quota exceeded for quota metric 'Send messages' of service 'fcm.googleapis.com'.",
                    V1ErrorAnswers.QUOTA_EXCEEDED);
            return Optional.of(answer.withHeader("Retry-After", seconds(rateLimited.retryAfter())));
        }
        if (outage instanceof Outage.Timeout) {
            return Optional.of(v1Unavailable());
        }
        if (outage instanceof Outage.Internal) {
            return Optional.of(V1ErrorAnswers.status(500, "INTERNAL", "Internal error encountered.", List.of()));
        }
        return Optional.empty();
    }

    /** Empty when the outage lets sends through to the token rules. */
    static Optional<HttpAnswer> legacy(Outage outage) {
        if (outage instanceof Outage.Unavailable unavailable) {
            return Optional.of(HttpAnswer.text(503, "Service Unavailable")
                    .withHeader("Retry-After", seconds(unavailable.retryAfter())));
        }
        if (outage instanceof Outage.RateLimited rateLimited) {
            return Optional.of(HttpAnswer.text(429, "Too Many Requests")
                    .withHeader("Retry-After", seconds(rateLimited.retryAfter())));
        }
        if (outage instanceof Outage.Timeout) {
            return Optional.of(HttpAnswer.text(503, "Service Unavailable"));
        }
        if (outage instanceof Outage.Internal) {
            return Optional.of(HttpAnswer.text(500, "Internal Server Error"));
        }
        return Optional.empty();
    }

    /** How long the outage answer waits; empty means "the usual latency". */
    static Optional<Duration> hangOf(Outage outage) {
        return outage instanceof Outage.Timeout timeout ? Optional.of(timeout.hang()) : Optional.empty();
    }

    /** Retry-After carries whole seconds; round up so a client never retries early. */
    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return Long.toString((millis + 999) / 1000);
    }

    /** A front-end overload answer: google.rpc.Status without FcmError. */
    private static HttpAnswer v1Unavailable() {
        return V1ErrorAnswers.status(503, "UNAVAILABLE", "The service is currently unavailable.", List.of());
    }
}
