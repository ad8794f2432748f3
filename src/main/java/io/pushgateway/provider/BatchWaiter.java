package io.pushgateway.provider;

import io.pushgateway.metrics.PushMetrics;
import io.pushgateway.provider.http.HttpReply;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Collects a batch's answers into their slots, times each call, and wakes the sending thread once,
 * when the last answer is in (one counter and one future per batch, not one wait per request).
 */
final class BatchWaiter {

    private final Object[] replies;
    private final long[] sentAt;
    private final AtomicInteger pending;
    private final PushMetrics.CallTimers timers;
    private final CompletableFuture<Void> all = new CompletableFuture<>();

    BatchWaiter(int sends, PushMetrics.CallTimers timers) {
        this.replies = new Object[sends];
        this.sentAt = new long[sends];
        this.pending = new AtomicInteger(sends);
        this.timers = timers;
        if (sends == 0) {
            all.complete(null);
        }
    }

    void sending(int from, int count) {
        long now = System.nanoTime();
        Arrays.fill(sentAt, from, from + count, now);
        timers.started(count);
    }

    void answer(int slot, HttpReply reply, Throwable failure) {
        Throwable cause = unwrap(failure);
        timers.finished(reply != null ? reply.status() : 0, reply != null ? null : FcmSender.describe(cause),
                System.nanoTime() - sentAt[slot]);
        synchronized (replies) {
            // An answer later than the batch's patience is already counted as a timeout.
            if (replies[slot] == null) {
                replies[slot] = reply != null ? reply : cause;
            }
        }
        if (pending.decrementAndGet() == 0) {
            all.complete(null);
        }
    }

    /** Waits for every answer; whatever has not answered within {@code patience} counts as a timeout. */
    Object[] await(Duration patience) {
        try {
            all.get(patience.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Whatever has not answered by now counts as a timeout.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for FCM", e);
        }
        synchronized (replies) {
            for (int i = 0; i < replies.length; i++) {
                if (replies[i] == null) {
                    replies[i] = new TimeoutException("no answer within the batch's patience");
                }
            }
        }
        return replies;
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
