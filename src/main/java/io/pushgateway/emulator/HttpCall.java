package io.pushgateway.emulator;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One complete HTTP request the {@link EmulatorHttpServer} received, and the only way to answer it.
 * It is answered exactly once, now or after a delay; later answers are ignored. Answering from any
 * thread is allowed: the answer is always written on the connection's own event loop, and a delay
 * is a Vert.x timer on that loop, so waiting answers hold no thread.
 */
final class HttpCall {

    private static final Logger LOG = LoggerFactory.getLogger(HttpCall.class);
    private static final Runnable NOTHING = () -> { };

    private final EmulatorHttpServer server;
    /** Null only if the request arrived on a connection the server has already forgotten. */
    private final EmulatorConnection connection;
    private final HttpServerRequest request;
    private final Context context;
    private final String method;
    private final byte[] body;
    private boolean answered;

    HttpCall(EmulatorHttpServer server, EmulatorConnection connection, HttpServerRequest request, Context context,
             byte[] body) {
        this.server = server;
        this.connection = connection;
        this.request = request;
        this.context = context;
        this.method = request.method().name();
        this.body = body;
    }

    String method() {
        return method;
    }

    /** The path as sent, still percent-encoded, without the query. */
    String rawPath() {
        return request.path();
    }

    /** The first value of a request header (name case-insensitive), trimmed; null when absent. */
    String header(String name) {
        String value = request.getHeader(name);
        return value == null ? null : value.trim();
    }

    byte[] body() {
        return body;
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
        if (Context.isOnEventLoopThread() && Vertx.currentContext() == context) {
            schedule(delay.toNanos(), answer, justBeforeWriting);
        } else {
            context.runOnContext(ignored -> schedule(delay.toNanos(), answer, justBeforeWriting));
        }
    }

    private void schedule(long delayNanos, HttpAnswer answer, Runnable justBeforeWriting) {
        if (delayNanos <= 0) {
            // Even when the server is stopping: it was handed over before, e.g. the answer to a refuse outage.
            deliver(answer, justBeforeWriting);
        } else {
            context.owner().timer(delayNanos, TimeUnit.NANOSECONDS).onSuccess(fired -> {
                // A refuse outage or close dropped the connection together with every answer still waiting.
                if (!server.isStopped()) {
                    deliver(answer, justBeforeWriting);
                }
            });
        }
    }

    private void deliver(HttpAnswer answer, Runnable justBeforeWriting) {
        try {
            justBeforeWriting.run();
        } catch (RuntimeException bug) {
            LOG.warn("Recording an FCM emulator answer failed", bug);
        }
        if (request.response().closed()) {
            return;
        }
        AnswerWriter.write(request, answer, connection != null && connection.closesAfterAnswer());
        if (connection != null) {
            connection.answerWritten();
        }
    }
}
