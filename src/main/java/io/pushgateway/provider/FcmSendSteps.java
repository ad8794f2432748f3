package io.pushgateway.provider;

import io.pushgateway.intake.DeviceToken;
import io.pushgateway.intake.InvalidPushRequestException;
import io.pushgateway.intake.PushRequest;
import io.pushgateway.metrics.PushMetrics;
import io.pushgateway.outcome.Outcome;
import io.pushgateway.outcome.RequestGroup;
import io.pushgateway.outcome.TokenResult;
import io.pushgateway.outcome.TokenResults;
import io.pushgateway.provider.fcm.FcmV1RequestBuilder;
import io.pushgateway.provider.gcm.GcmRequestBuilder;
import io.pushgateway.provider.http.FcmHttpClient;
import io.pushgateway.provider.http.HttpReply;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;

/**
 * The steps of the send path the routes call: {@link #batchesOf} splits a group's requests into
 * send batches per project; inside the circuit breaker {@link #send} issues a batch's HTTP requests
 * (v1: one per token, legacy: one multicast per request part, all in flight at once) and
 * {@link #classify} turns the answers into one result per token, throwing when {@link BatchVerdict}
 * counts the batch as failed; {@link #fallback} gives the results of a batch the breaker refused or
 * that failed.
 */
public final class FcmSendSteps {

    /** A legacy batch carries at most this many multicasts' worth of tokens, all in flight at once. */
    static final int LEGACY_MULTICASTS_IN_FLIGHT = 10;

    private final ProviderRuntime provider;
    private final FcmHttpClient http;
    private final ResultClassifier classifier;
    private final GcmRequestBuilder legacyBuilder;
    private final FcmV1RequestBuilder v1Builder;
    private final boolean legacy;
    private final int v1BatchSize;
    private final int legacyBatchSize;
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
        this.legacyBuilder = new GcmRequestBuilder();
        this.v1Builder = new FcmV1RequestBuilder();
        this.legacy = provider.protocol() == Protocol.LEGACY;
        this.v1BatchSize = v1BatchSize;
        this.legacyBatchSize = legacyBatchSize;
        this.clock = clock;
        this.metrics = metrics;
        this.breakers = breakers;
        this.batchPatience = responseTimeout.multipliedBy(5).plusSeconds(5);
    }

    /**
     * The send batches of a group's sendable requests, per project in the order the requests came,
     * made one at a time as the split asks for them: a request of any size holds one batch's bodies
     * at a time. A request whose project is not configured, or whose message cannot be written, is
     * rejected here (dead-lettered) and sends nothing.
     */
    public Iterator<SendBatch> batchesOf(RequestGroup group) {
        Map<FcmProject, List<Sendable>> byProject = new LinkedHashMap<>();
        for (RequestGroup.Member member : group.sendable()) {
            try {
                PushRequest request = member.context().request();
                FcmProject project = projectOf(request);
                Sendable sendable = legacy
                        // The first multicast's body is written now: a message that cannot be written fails here, unsent.
                        ? new Sendable(member, null, legacyBuilder.build(request, firstChunk(request)))
                        : new Sendable(member, v1Builder.prepare(request), null);
                byProject.computeIfAbsent(project, p -> new ArrayList<>()).add(sendable);
            } catch (RuntimeException e) {
                member.reject(e);
            }
        }
        return new Batches(byProject);
    }

    private List<DeviceToken> firstChunk(PushRequest request) {
        return request.tokens().subList(0, Math.min(request.tokens().size(), legacyBatchSize));
    }

    /** A request on its way to batches: its v1 message without the target, or its first multicast. */
    private record Sendable(RequestGroup.Member member, FcmV1RequestBuilder.Prepared v1, byte[] firstLegacyBody) {
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

    /** Walks the requests of each project, filling batches up to their size. */
    private final class Batches implements Iterator<SendBatch> {

        private final Iterator<Map.Entry<FcmProject, List<Sendable>>> projects;
        private FcmProject project;
        private Iterator<Sendable> requests;
        private Sendable current;
        /** Index of the first of current's tokens not yet in a batch. */
        private int from;

        Batches(Map<FcmProject, List<Sendable>> byProject) {
            this.projects = byProject.entrySet().iterator();
        }

        @Override
        public boolean hasNext() {
            while (current == null || from >= current.member().context().request().tokens().size()) {
                if (requests != null && requests.hasNext()) {
                    current = requests.next();
                    from = 0;
                } else if (projects.hasNext()) {
                    Map.Entry<FcmProject, List<Sendable>> next = projects.next();
                    project = next.getKey();
                    requests = next.getValue().iterator();
                    current = null;
                } else {
                    return false;
                }
            }
            return true;
        }

        @Override
        public SendBatch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            FcmProject batchProject = project;
            int limit = legacy ? legacyBatchSize * LEGACY_MULTICASTS_IN_FLIGHT : v1BatchSize;
            List<SendBatch.Part> parts = new ArrayList<>();
            int size = 0;
            // Parts of the same project only: a batch goes through one project's breaker.
            while (size < limit && hasNext() && project == batchProject) {
                PushRequest request = current.member().context().request();
                List<DeviceToken> tokens = request.tokens();
                int room = legacy ? Math.min(legacyBatchSize, limit - size) : limit - size;
                List<DeviceToken> chunk = tokens.subList(from, Math.min(tokens.size(), from + room));
                parts.add(legacy
                        ? new SendBatch.Part(current.member(), request.target(), chunk, null,
                                from == 0 && chunk.size() == firstChunk(request).size() ? current.firstLegacyBody()
                                        : legacyBuilder.build(request, chunk))
                        : new SendBatch.Part(current.member(), request.target(), chunk, current.v1(), null));
                from += chunk.size();
                size += chunk.size();
            }
            return new SendBatch(batchProject, legacy, parts, size);
        }
    }

    /** Issues every HTTP request of the batch at once, then waits once for all the answers. */
    public BatchAnswers send(SendBatch batch) {
        FcmProject project = batch.project();
        FcmHttpClient.Target target = targetOf(project);
        Object[] replies = new Object[batch.sends()];
        Waiter waiter = new Waiter(replies);
        int i = 0;
        for (SendBatch.Part part : batch.parts()) {
            // Quota guard: waits for this part's permits; nothing is dropped.
            project.rateLimiter().acquire(part.tokens().size());
            if (legacy) {
                waiter.watch(i++, timed(project, http.post(target, part.legacyBody())));
            } else {
                for (DeviceToken token : part.tokens()) {
                    waiter.watch(i++, timed(project, http.post(target, part.v1().forToken(token.token()))));
                }
            }
        }
        waiter.await(batchPatience);
        return new BatchAnswers(batch, replies);
    }

    /** The project's send target with its current Authorization header (made again only when that changes). */
    private FcmHttpClient.Target targetOf(FcmProject project) {
        String authorization = project.authorizer().authorization();
        FcmHttpClient.Target target = targets.get(project.name());
        if (target == null || !authorization.equals(target.headers().get("Authorization"))) {
            target = http.target(project.sendUrl(), authorization);
            targets.put(project.name(), target);
        }
        return target;
    }

    /** Collects a batch's answers into their slots and wakes the sending thread once, when the last is in. */
    private static final class Waiter {

        private final Object[] replies;
        private final AtomicInteger pending;
        private final CompletableFuture<Void> all = new CompletableFuture<>();

        Waiter(Object[] replies) {
            this.replies = replies;
            this.pending = new AtomicInteger(replies.length);
            if (replies.length == 0) {
                all.complete(null);
            }
        }

        void watch(int slot, CompletableFuture<HttpReply> reply) {
            reply.whenComplete((answer, failure) -> {
                synchronized (replies) {
                    replies[slot] = answer != null ? answer : unwrap(failure);
                }
                if (pending.decrementAndGet() == 0) {
                    all.complete(null);
                }
            });
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

    private CompletableFuture<HttpReply> timed(FcmProject project, CompletableFuture<HttpReply> reply) {
        long started = System.nanoTime();
        metrics.sendStarted();
        return reply.whenComplete((answer, failure) -> metrics.sendFinished(provider.protocol().tableName(), project.name(),
                answer != null ? String.valueOf(answer.status()) : describe(failure),
                Duration.ofNanos(System.nanoTime() - started)));
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
