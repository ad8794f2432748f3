package io.pushgateway.emulator;

import java.time.Duration;

/**
 * One complete HTTP request the {@link EmulatorHttpServer} received, and the only way to answer it.
 * It is answered exactly once, now or after a delay; later answers are ignored. Answering from any
 * thread is allowed: the bytes are always written by the connection's own event loop.
 */
final class HttpCall {

    private static final Runnable NOTHING = () -> { };

    private final HttpConnection connection;
    private final String method;
    private final String rawPath;
    private final RequestHeaders headers;
    private final byte[] body;
    private final boolean keepAlive;
    private boolean answered;

    HttpCall(HttpConnection connection, String method, String rawPath, RequestHeaders headers, byte[] body, boolean keepAlive) {
        this.connection = connection;
        this.method = method;
        this.rawPath = rawPath;
        this.headers = headers;
        this.body = body;
        this.keepAlive = keepAlive;
    }

    String method() {
        return method;
    }

    /** The path as sent, still percent-encoded, without the query. */
    String rawPath() {
        return rawPath;
    }

    /** The first value of a request header (name case-insensitive), trimmed; null when absent. */
    String header(String name) {
        return headers.first(name);
    }

    byte[] body() {
        return body;
    }

    boolean keepAlive() {
        return keepAlive;
    }

    boolean isHead() {
        return "HEAD".equals(method);
    }

    void answer(HttpAnswer answer) {
        answerAfter(Duration.ZERO, answer, NOTHING);
    }

    /** Runs {@code justBeforeWriting} (stats) right before the answer goes out, so clients never see stale counters. */
    void answerAfter(Duration delay, HttpAnswer answer, Runnable justBeforeWriting) {
        synchronized (this) {
            if (answered) {
                return;
            }
            answered = true;
        }
        connection.loop().answerAt(System.nanoTime() + delay.toNanos(), this, answer, justBeforeWriting);
    }

    HttpConnection connection() {
        return connection;
    }
}
