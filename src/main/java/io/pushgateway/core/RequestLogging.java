package io.pushgateway.core;

import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * Log lines about one request carry its message id (JSON logs show it as a field). A group's
 * requests are handled on one thread one after the other, so the id is set around each request's
 * work rather than once per exchange.
 */
public final class RequestLogging {

    /** MDC key carried on every log line about one request. */
    public static final String MDC_MESSAGE_ID = "push.message_id";

    private RequestLogging() {
    }

    /** Runs {@code work} with the request's message id in the MDC, so its log lines carry it. */
    public static void logAs(String messageId, Runnable work) {
        logAs(messageId, () -> {
            work.run();
            return null;
        });
    }

    /** The same for work that gives a result. */
    public static <T> T logAs(String messageId, Supplier<T> work) {
        if (messageId == null) {
            return work.get();
        }
        MDC.put(MDC_MESSAGE_ID, messageId);
        try {
            return work.get();
        } finally {
            MDC.remove(MDC_MESSAGE_ID);
        }
    }
}
