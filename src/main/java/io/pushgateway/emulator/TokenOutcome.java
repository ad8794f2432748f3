package io.pushgateway.emulator;

/** What the emulator decided for one registration token, before it is put into a v1 or legacy answer. */
sealed interface TokenOutcome {

    /** Plain success. */
    record Delivered() implements TokenOutcome {
    }

    /** Success, and the legacy API tells the sender to replace the token by {@code replacementToken}. */
    record DeliveredWithCanonicalId(String replacementToken) implements TokenOutcome {
    }

    /**
     * Failure with the error code the token asked for, as written in the token (a v1 errorCode or a
     * legacy error name); each API translates it into its own vocabulary.
     */
    record Failed(String requestedErrorCode) implements TokenOutcome {
    }
}
