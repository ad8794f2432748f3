package io.pushgateway.provider;

import io.pushgateway.intake.DeviceToken;
import io.pushgateway.intake.InvalidPushRequestException;
import io.pushgateway.intake.PushRequest;
import io.pushgateway.metrics.PushMetrics;
import io.pushgateway.outcome.Outcome;
import io.pushgateway.outcome.RequestGroup;
import io.pushgateway.outcome.TokenResult;
import io.pushgateway.outcome.TokenResults;
import io.pushgateway.provider.http.FcmHttpClient;
import io.pushgateway.provider.http.HttpReply;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;

/**
 * The steps of the send path the routes call: {@link #batchesOf} splits a group's requests into
 * send batches per project ({@link SendBatches}); inside the circuit breaker {@link #send} issues a batch's HTTP requests
 * (v1: one per token, legacy: one multicast per request part, all in flight at once) and
 * {@link #classify} turns the answers into one result per token, throwing when {@link BatchVerdict}
 * counts the batch as failed; {@link #fallback} gives the results of a batch the breaker refused or
 * that failed.
 */
public final class FcmSendSteps {

    private final ProviderRuntime provider;
    private final FcmHttpClient http;
    private final ResultClassifier classifier;
    private final boolean legacy;
    private final SendBatches sendBatches;
    private final Clock clock;
    private final PushMetrics metrics;
    private final FcmBreakers breakers;
    /** A batch whose answers are not all in by then has a bug below us; its stragglers count as timeouts. */
    private final Duration batchPatience;
    /** The send target of each project, rebuilt only when its Authorization header changes. */
    private final Map<String, FcmHttpClient.Target> targets = new ConcurrentHashMap<>();

    public FcmSendSteps(ProviderRuntime provider, FcmHttpClient http, ResultClassifier classifier,
                        int v1BatchSize, int legacyBatchSize, Clock clock, PushMetrics metrics,
                        FcmBreakers breakers, Duration responseTimeout) {
        this.provider = provider;
        this.http = http;
        this.classifier = classifier;
        this.legacy = provider.protocol() == Protocol.LEGACY;
        this.clock = clock;
        this.metrics = metrics;
        this.breakers = breakers;
        this.batchPatience = responseTimeout.multipliedBy(5).plusSeconds(5);
        this.sendBatches = new SendBatches(legacy, v1BatchSize, legacyBatchSize, this::projectOf);
    }

    /**
     * The send batches of a group's sendable requests (see {@link SendBatches}). A request whose
     * project is not configured, or whose message cannot be written, is rejected (dead-lettered) and
     * sends nothing.
     */
    public Iterator<SendBatch> batchesOf(RequestGroup group) {
        return sendBatches.of(group);
    }

    /** The request's project; one the gateway is not configured with is a dead letter ({@code unknown-project}). */
    private FcmProject projectOf(PushRequest request) {
        String name = request.project() == null ? ProviderRuntime.DEFAULT : request.project();
        FcmProject project = provider.project(name);
        if (project == null || (request.project() != null && name.equals(ProviderRuntime.DEFAULT))) {
            List<String> named = provider.projects().keySet().stream().filter(n -> !n.equals(ProviderRuntime.DEFAULT)).toList();
            throw InvalidPushRequestException.unknownProject(request.project(), named);
        }
        return project;
    }

    /** Issues every HTTP request of the batch at once, then waits once for all the answers. */
    public BatchAnswers send(SendBatch batch) {
        FcmProject project = batch.project();
        FcmHttpClient.Target target = targetOf(project);
        byte[][] bodies = new byte[batch.sends()][];
        int i = 0;
        for (SendBatch.Part part : batch.parts()) {
            if (legacy) {
                bodies[i++] = part.legacyBody();
            } else {
                for (DeviceToken token : part.tokens()) {
                    bodies[i++] = part.v1().forToken(token.token());
                }
            }
        }
        Waiter waiter = new Waiter(bodies.length, metrics.callTimers(provider.protocol().tableName(), project.name()));
        int from = 0;
        i = 0;
        for (SendBatch.Part part : batch.parts()) {
            // Quota guard: waits for this part's permits; nothing is dropped.
            project.rateLimiter().acquire(part.tokens().size());
            i += legacy ? 1 : part.tokens().size();
            if (i - from >= POST_AT_ONCE || i == bodies.length) {
                postRange(target, bodies, from, i, waiter);
                from = i;
            }
        }
        waiter.await(batchPatience);
        return new BatchAnswers(batch, waiter.replies);
    }

    /** Requests posted in one call once their permits are taken: few hand-overs to the HTTP client. */
    private static final int POST_AT_ONCE = 64;

    private void postRange(FcmHttpClient.Target target, byte[][] bodies, int from, int to, Waiter waiter) {
        waiter.sending(from, to - from);
        http.postAll(target, bodies, from, to, waiter::answer);
    }

    /** The project's send target with its current Authorization header (made again only when that changes). */
    private FcmHttpClient.Target targetOf(FcmProject project) {
        String authorization = project.authorizer().authorization();
        FcmHttpClient.Target target = targets.get(project.name());
        if (target == null || !authorization.equals(target.authorization())) {
            // A v1 success says only the message's name; a legacy one holds each token's result.
            target = http.target(project.sendUrl(), authorization, legacy);
            targets.put(project.name(), target);
        }
        return target;
    }

    /**
     * Collects a batch's answers into their slots, times each call, and wakes the sending thread once,
     * when the last answer is in.
     */
    private static final class Waiter {

        private final Object[] replies;
        private final long[] sentAt;
        private final AtomicInteger pending;
        private final PushMetrics.CallTimers timers;
        private final CompletableFuture<Void> all = new CompletableFuture<>();

        Waiter(int sends, PushMetrics.CallTimers timers) {
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
            java.util.Arrays.fill(sentAt, from, from + count, now);
            timers.started(count);
        }

        void answer(int slot, HttpReply reply, Throwable failure) {
            Throwable cause = unwrap(failure);
            timers.finished(reply != null ? reply.status() : 0, reply != null ? null : describe(cause),
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

        void await(Duration patience) {
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
        }

        private static Throwable unwrap(Throwable failure) {
            return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
        }
    }

    /**
     * One result per token from FCM's answers. Throws {@link FcmBatchFailedException}, carrying those
     * results, when the batch counts as a failed call, so the breaker sees it.
     */
    public BatchResults classify(BatchAnswers answers) {
        SendBatch batch = answers.batch();
        BatchResults results = new BatchResults(batch);
        Object[] replies = answers.replies();
        int transientFailures = 0;
        String firstError = null;
        boolean refreshCredentials = false;
        int slot = 0;
        for (int p = 0; p < batch.parts().size(); p++) {
            SendBatch.Part part = batch.parts().get(p);
            TokenResults out = results.of(p);
            if (!legacy) {
                for (DeviceToken token : part.tokens()) {
                    Object answer = replies[slot++];
                    if (answer instanceof HttpReply reply && reply.status() == 200) {
                        out.addDelivered();
                        continue;
                    }
                    TokenResult result;
                    if (answer instanceof HttpReply reply) {
                        result = classifier.v1(token, part.kind(), reply.status(), reply.body(), retryAfter(reply));
                        if (classifier.failsTransiently(Protocol.V1, reply.status(), reply.body())) {
                            transientFailures++;
                            refreshCredentials |= reply.status() == 401;
                        }
                    } else {
                        result = TokenResult.failed(token, Outcome.RETRY, describe((Throwable) answer), Duration.ZERO);
                        transientFailures++;
                    }
                    firstError = firstError == null ? result.error() : firstError;
                    out.add(result);
                }
            } else {
                Object answer = replies[slot++];
                if (answer instanceof HttpReply reply) {
                    out.addAll(classifier.legacy(part.tokens(), part.kind(), reply.status(), reply.body(), retryAfter(reply)));
                    if (classifier.failsTransiently(Protocol.LEGACY, reply.status(), reply.body())) {
                        transientFailures++;
                        firstError = firstError == null ? "HTTP_" + reply.status() : firstError;
                    }
                } else {
                    String error = describe((Throwable) answer);
                    part.tokens().forEach(t -> out.add(TokenResult.failed(t, Outcome.RETRY, error, Duration.ZERO)));
                    transientFailures++;
                    firstError = firstError == null ? error : firstError;
                }
            }
        }
        if (refreshCredentials) {
            // Our access token was refused without an FCM reason: the next batch fetches a fresh one.
            batch.project().authorizer().refresh();
        }
        if (BatchVerdict.failed(batch.sends(), transientFailures)) {
            throw new FcmBatchFailedException(batch.sends(), transientFailures, firstError, results);
        }
        return results;
    }

    /** Results for a batch the breaker refused (open circuit), or one that failed as a whole. */
    public BatchResults fallback(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause instanceof FcmBatchFailedException failed) {
            return failed.results();
        }
        Object body = exchange.getMessage().getBody();
        SendBatch batch = body instanceof BatchAnswers answers ? answers.batch() : (SendBatch) body;
        BatchResults out = new BatchResults(batch);
        boolean neverSent = cause == null
                || Boolean.TRUE.equals(exchange.getProperty("CamelResponseShortCircuited", Boolean.class));
        // Never sent: they wait until the breaker's next probe and keep their attempt.
        Duration hold = neverSent ? breakers.holdFor(batch.project().name()) : Duration.ZERO;
        String error = neverSent ? null : describe(cause);
        for (int p = 0; p < batch.parts().size(); p++) {
            TokenResults results = out.of(p);
            for (DeviceToken token : batch.parts().get(p).tokens()) {
                results.add(neverSent ? TokenResult.notSent(token, "circuit-open", hold)
                        : TokenResult.failed(token, Outcome.RETRY, error, Duration.ZERO));
            }
        }
        return out;
    }

    private Duration retryAfter(HttpReply reply) {
        return RetryAfter.parse(reply.retryAfter(), clock);
    }

    /** A short name for why FCM could not be reached; never the exception text (it may hold a URL). */
    static String describe(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return "timeout";
            }
            if (t instanceof ConnectException) {
                return "connection-refused";
            }
            if (t instanceof java.io.IOException || t instanceof io.vertx.core.VertxException) {
                return "io-error";
            }
        }
        return "send-failed";
    }
}
