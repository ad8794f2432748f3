package io.pushgateway.emulator;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes answers, now or after a delay. A delayed answer holds no thread while it waits: a timer
 * hands it back to the bounded worker pool when it is due, so simulated latency (or a long
 * timeout outage) does not cap throughput at {@code threads / latency}.
 */
final class DelayedResponder {

    private static final Logger LOG = LoggerFactory.getLogger(DelayedResponder.class);

    private final Executor workers;
    private final ScheduledExecutorService timer;

    DelayedResponder(Executor workers, ScheduledExecutorService timer) {
        this.workers = workers;
        this.timer = timer;
    }

    void answerNow(HttpExchange exchange, HttpAnswer answer) {
        write(exchange, answer, () -> { });
    }

    /** Runs {@code justBeforeWriting} (stats) right before the answer goes out, so clients never see stale counters. */
    void answerAfter(Duration delay, HttpExchange exchange, HttpAnswer answer, Runnable justBeforeWriting) {
        if (delay.isZero()) {
            write(exchange, answer, justBeforeWriting);
            return;
        }
        try {
            timer.schedule(() -> handToWorkers(exchange, answer, justBeforeWriting), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            exchange.close();
        }
    }

    private void handToWorkers(HttpExchange exchange, HttpAnswer answer, Runnable justBeforeWriting) {
        try {
            workers.execute(() -> write(exchange, answer, justBeforeWriting));
        } catch (RejectedExecutionException shuttingDown) {
            exchange.close();
        }
    }

    static void write(HttpExchange exchange, HttpAnswer answer, Runnable justBeforeWriting) {
        try (exchange) {
            justBeforeWriting.run();
            Headers headers = exchange.getResponseHeaders();
            headers.set("Content-Type", answer.contentType());
            answer.headers().forEach(headers::set);
            byte[] body = answer.body();
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            // The client gave up (timed out) or the server is closing: nothing left to tell anyone.
            LOG.debug("Could not write a {} answer: {}", answer.status(), e.toString());
        }
    }
}
