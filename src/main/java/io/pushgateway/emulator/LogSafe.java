package io.pushgateway.emulator;

/** Shortens secrets and registration tokens before they reach a log line. */
final class LogSafe {

    private static final int VISIBLE_PREFIX = 6;

    private LogSafe() {
    }

    static String token(String token) {
        if (token == null) {
            return "null";
        }
        return token.length() <= VISIBLE_PREFIX ? "***" : token.substring(0, VISIBLE_PREFIX) + "***";
    }
}
