package io.pushgateway.provider;

import io.pushgateway.intake.DeviceToken;
import io.pushgateway.intake.IntakeStep;
import io.pushgateway.intake.InvalidPushRequestException;
import io.pushgateway.intake.PushRequest;
import io.pushgateway.metrics.PushMetrics;
import io.pushgateway.outcome.Outcome;
import io.pushgateway.outcome.RequestContext;
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
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.Exchange;

/**
 * The steps of the send path the routes call: {@link #batchesOf} splits a request into send
 * batches; inside the circuit breaker {@link #send} issues a batch's HTTP requests (v1: one per
 * token, all in flight at once; legacy: one multicast) and {@link #classify} turns the answers
 * into one result per token, throwing when {@link BatchVerdict} counts the batch as failed;
 * {@link #fallback} gives the results of a batch the breaker refused or that failed.
 */
public final class FcmSendSteps {

    /** Exchange property naming the project whose send-batch route (and breaker) a request uses. */
    public static final String PROJECT = "pushProject";

    private final ProviderRuntime provider;
    private final FcmHttpClient http;
    private final ResultClassifier classifier;
    private final GcmRequestBuilder legacyBuilder;
    private final FcmV1RequestBuilder v1Builder;
    private final int v1BatchSize;
    private final int legacyBatchSize;
    private final Clock clock;
    private final PushMetrics metrics;
    private final FcmBreakers breakers;
    /** A batch whose answers are not all in by then has a bug below us; its stragglers count as timeouts. */
    private final Duration batchPatience;

    public FcmSendSteps(ProviderRuntime provider, FcmHttpClient http, ResultClassifier classifier,
                        int v1BatchSize, int legacyBatchSize, Clock clock, PushMetrics metrics,
                        FcmBreakers breakers, Duration responseTimeout) {
        this.provider = provider;
        this.http = http;
        this.classifier = classifier;
        this.legacyBuilder = new GcmRequestBuilder();
        this.v1Builder = new FcmV1RequestBuilder();
        this.v1BatchSize = v1BatchSize;
        this.legacyBatchSize = legacyBatchSize;
        this.clock = clock;
        this.metrics = metrics;
        this.breakers = breakers;
        this.batchPatience = responseTimeout.multipliedBy(5).plusSeconds(5);
    }

    /**
     * The send batches of the request the intake step read, made one at a time as the split asks
     * for them: a request of any size holds one batch's bodies at a time.
     */
    public Iterator<SendBatch> batchesOf(Exchange exchange) {
        PushRequest request = exchange.getProperty(IntakeStep.CONTEXT, RequestContext.class).request();
        FcmProject project = projectOf(request);
        exchange.setProperty(PROJECT, project.name());
        return batches(request, project);
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

    Iterator<SendBatch> batches(PushRequest request, FcmProject project) {
        List<DeviceToken> tokens = request.tokens();
        boolean v1 = provider.protocol() == Protocol.V1;
        int size = v1 ? v1BatchSize : legacyBatchSize;
        FcmV1RequestBuilder.Prepared prepared = v1 ? v1Builder.prepare(request) : null;
        return new Iterator<>() {
            private int from;

            @Override
            public boolean hasNext() {
                return from < tokens.size();
            }

            @Override
            public SendBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                List<DeviceToken> chunk = tokens.subList(from, Math.min(tokens.size(), from + size));
                from += chunk.size();
                return v1 ? SendBatch.v1(project, request.target(), chunk, prepared)
                        : SendBatch.legacy(project, request.target(), chunk, legacyBuilder.build(request, chunk));
            }
        };
    }

    /** Issues every HTTP request of the batch at once, then waits for all the answers. */
    public BatchAnswers send(Exchange exchange) {
        SendBatch batch = exchange.getMessage().getBody(SendBatch.class);
        FcmProject project = batch.project();
        FcmHttpClient.Target target = http.target(project.sendUrl(), project.authorizer().authorization());
        List<CompletableFuture<HttpReply>> replies = new ArrayList<>(batch.v1() != null ? batch.size() : 1);
        long started = System.nanoTime();
        if (batch.v1() != null) {
            for (DeviceToken token : batch.tokens()) {
                // Quota guard: waits for this token's permit; nothing is dropped.
                project.rateLimiter().acquire(1);
                replies.add(timed(project, http.post(target, batch.v1().forToken(token.token()))));
            }
        } else {
            project.rateLimiter().acquire(batch.size());
            replies.add(timed(project, http.post(target, batch.legacyBody())));
        }
        return new BatchAnswers(batch, awaitAll(replies, started));
    }

    private CompletableFuture<HttpReply> timed(FcmProject project, CompletableFuture<HttpReply> reply) {
        long started = System.nanoTime();
        metrics.sendStarted();
        return reply.whenComplete((answer, failure) -> metrics.sendFinished(provider.protocol().tableName(), project.name(),
                answer != null ? String.valueOf(answer.status()) : describe(failure),
                Duration.ofNanos(System.nanoTime() - started)));
    }

    /** Each answer, or the reason it failed, in the order of the batch's tokens. */
    private List<Object> awaitAll(List<CompletableFuture<HttpReply>> replies, long startedNanos) {
        long deadline = startedNanos + batchPatience.toNanos();
        List<Object> out = new ArrayList<>(replies.size());
        for (CompletableFuture<HttpReply> reply : replies) {
            try {
                out.add(reply.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (ExecutionException | CompletionException e) {
                out.add(e.getCause() == null ? e : e.getCause());
            } catch (TimeoutException e) {
                out.add(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for FCM", e);
            }
        }
        return out;
    }

    /**
     * One result per token from FCM's answers. Throws {@link FcmBatchFailedException}, carrying those
     * results, when the batch counts as a failed call, so the breaker sees it.
     */
    public TokenResults classify(Exchange exchange) {
        BatchAnswers answers = exchange.getMessage().getBody(BatchAnswers.class);
        TokenResults results = new TokenResults();
        int transientFailures = 0;
        String firstError = null;
        boolean refreshCredentials = false;
        SendBatch batch = answers.batch();
        if (batch.v1() != null) {
            for (int i = 0; i < batch.size(); i++) {
                DeviceToken token = batch.tokens().get(i);
                Object answer = answers.replies().get(i);
                if (answer instanceof HttpReply reply && reply.status() == 200) {
                    results.addDelivered();
                    continue;
                }
                TokenResult result;
                if (answer instanceof HttpReply reply) {
                    result = classifier.v1(token, batch.kind(), reply.status(), reply.body(), retryAfter(reply));
                    if (classifier.failsTransiently(Protocol.V1, reply.status(), reply.body())) {
                        transientFailures++;
                        refreshCredentials |= reply.status() == 401;
                    }
                } else {
                    result = TokenResult.failed(token, Outcome.RETRY, describe((Throwable) answer), Duration.ZERO);
                    transientFailures++;
                }
                firstError = firstError == null ? result.error() : firstError;
                results.add(result);
            }
        } else {
            Object answer = answers.replies().get(0);
            if (answer instanceof HttpReply reply) {
                results.addAll(classifier.legacy(batch.tokens(), batch.kind(), reply.status(), reply.body(), retryAfter(reply)));
                if (classifier.failsTransiently(Protocol.LEGACY, reply.status(), reply.body())) {
                    transientFailures = 1;
                    firstError = "HTTP_" + reply.status();
                }
            } else {
                String error = describe((Throwable) answer);
                batch.tokens().forEach(t -> results.add(TokenResult.failed(t, Outcome.RETRY, error, Duration.ZERO)));
                transientFailures = 1;
                firstError = error;
            }
        }
        if (refreshCredentials) {
            // Our access token was refused without an FCM reason: the next batch fetches a fresh one.
            batch.project().authorizer().refresh();
        }
        int sends = batch.v1() != null ? batch.size() : 1;
        if (BatchVerdict.failed(sends, transientFailures)) {
            throw new FcmBatchFailedException(sends, transientFailures, firstError, results);
        }
        return results;
    }

    /** Results for a batch the breaker refused (open circuit), or one that failed as a whole. */
    public TokenResults fallback(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause instanceof FcmBatchFailedException failed) {
            return failed.results();
        }
        SendBatch batch = exchange.getMessage().getBody(SendBatch.class);
        if (batch == null) {
            batch = exchange.getMessage().getBody(BatchAnswers.class).batch();
        }
        TokenResults out = new TokenResults();
        if (cause == null || Boolean.TRUE.equals(exchange.getProperty("CamelResponseShortCircuited", Boolean.class))) {
            // Never sent: they wait until the breaker's next probe and keep their attempt.
            Duration hold = breakers.holdFor(batch.project().name());
            batch.tokens().forEach(t -> out.add(TokenResult.notSent(t, "circuit-open", hold)));
        } else {
            String error = describe(cause);
            batch.tokens().forEach(t -> out.add(TokenResult.failed(t, Outcome.RETRY, error, Duration.ZERO)));
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
