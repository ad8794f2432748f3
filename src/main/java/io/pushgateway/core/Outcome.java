package io.pushgateway.core;

/** The five ends a token can reach (contract section 3). Exactly one per token. */
public enum Outcome {
    DELIVERED,
    /** Delivered, and FCM named a canonical token that replaces the one sent. */
    TOKEN_UPDATE,
    TOKEN_DELETE,
    RETRY,
    DEAD_LETTER
}
