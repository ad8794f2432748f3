package io.pushgateway.core;

/** Shortens registration tokens before they reach a log line. */
public final class TokenMask {

    private static final int VISIBLE_PREFIX = 6;

    private TokenMask() {
    }

    public static String mask(String token) {
        if (token == null) {
            return "null";
        }
        if (token.length() <= VISIBLE_PREFIX) {
            return "***";
        }
        return token.substring(0, VISIBLE_PREFIX) + "***";
    }
}
