package io.pushgateway.emulator;

import java.util.List;

/**
 * What one answered send request adds to the {@link EmulatorStats}: the tokens it addressed and
 * the ones among them that got a success answer (a dry run delivers nothing).
 */
record SendTally(List<String> attemptedTokens, List<String> deliveredTokens) {

    private static final SendTally NOTHING = new SendTally(List.of(), List.of());

    SendTally {
        attemptedTokens = List.copyOf(attemptedTokens);
        deliveredTokens = List.copyOf(deliveredTokens);
    }

    /** For answers given without reading any target, e.g. a 401 or malformed JSON. */
    static SendTally noTokens() {
        return NOTHING;
    }

    static SendTally attemptedOnly(List<String> tokens) {
        return new SendTally(tokens, List.of());
    }
}
