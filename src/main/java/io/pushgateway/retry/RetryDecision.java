package io.pushgateway.retry;

/** Where a token that must be tried again goes: a delay level, or nowhere (dead letter). */
public sealed interface RetryDecision {

    /** Publish to retry level {@code level} (1-based) carrying {@code attempt} as x-push-attempt. */
    record Delay(int level, int attempt) implements RetryDecision {
    }

    /** Every level was used: dead-letter as retries-exhausted. */
    record Exhausted(int attempts) implements RetryDecision {
    }
}
