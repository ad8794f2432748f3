package io.pushgateway.provider.fcm;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says when a project's access tokens stop coming, and why, and when they come again: once per
 * change, however many sends ask for a token meanwhile. Without it a failing token endpoint shows
 * only as failed batches and an open breaker, never the cause (a TLS handshake, a refused key).
 * The cause is told by exception class and message only: those name hosts and reasons, not tokens
 * or keys.
 */
final class TokenFetchHealth {

    private static final Logger LOG = LoggerFactory.getLogger(GoogleAccessTokens.class);
    /** A cause's message beyond this is cut: an error page in it says nothing more. */
    private static final int MAX_MESSAGE = 300;

    private final String project;
    private final AtomicBoolean failing = new AtomicBoolean();

    TokenFetchHealth(String project) {
        this.project = project;
    }

    void fetched() {
        if (failing.compareAndSet(true, false)) {
            LOG.info("OAuth access tokens for FCM project '{}' are fetched again", project);
        }
    }

    void failed(Throwable cause) {
        if (failing.compareAndSet(false, true)) {
            LOG.warn("OAuth access tokens for FCM project '{}' cannot be fetched, so nothing is sent for it: {}",
                    project, describe(cause));
        } else {
            LOG.debug("OAuth access token fetch for FCM project '{}' failed again: {}", project, describe(cause));
        }
    }

    boolean isFailing() {
        return failing.get();
    }

    /** Every cause in the chain as {@code Class: message}, outermost first. */
    static String describe(Throwable cause) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (!text.isEmpty()) {
                text.append(" <- ");
            }
            String message = t.getMessage() == null ? "" : t.getMessage().replaceAll("\\s+", " ");
            text.append(t.getClass().getName());
            if (!message.isEmpty()) {
                text.append(": ").append(message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "…" : message);
            }
        }
        return text.toString();
    }
}
