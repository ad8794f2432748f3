package io.pushgateway.provider;

import io.pushgateway.intake.DeviceToken;
import io.pushgateway.intake.PushRequest;
import io.pushgateway.metrics.PushMetrics;
import io.pushgateway.outcome.TokenResult;
import io.pushgateway.provider.fcm.FcmV1RequestBuilder;
import io.pushgateway.provider.gcm.GcmRequestBuilder;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.http.HttpMethods;

/**
 * The steps of one FCM send that the {@code send-to-fcm} route calls, in order:
 * {@link #prepare}, the HTTP call, {@link #check} (inside the circuit breaker), then
 * {@link #classify}, or {@link #fallback} when the breaker refused or the call failed.
 */
public final class FcmSendSteps {

    static final String BATCH = "pushBatch";
    static final String SHORT_CIRCUITED = "CamelResponseShortCircuited";
    static final String SEND_STARTED = "pushSendStarted";

    private final ProviderRuntime provider;
    private final ResultClassifier classifier;
    private final GcmRequestBuilder legacyBuilder;
    private final FcmV1RequestBuilder v1Builder;
    private final int legacyBatchSize;
    private final Clock clock;
    private final PushMetrics metrics;
    private final TokenRateLimiter rateLimiter;

    /** {@code rateLimiter} is the quota guard: every send waits for one permit per token first ({@code push.fcm.rate-limit}). */
    public FcmSendSteps(ProviderRuntime provider, ResultClassifier classifier, GcmRequestBuilder legacyBuilder,
                        FcmV1RequestBuilder v1Builder, int legacyBatchSize, Clock clock, PushMetrics metrics,
                        TokenRateLimiter rateLimiter) {
        this.rateLimiter = rateLimiter;
        this.metrics = metrics;
        this.provider = provider;
        this.classifier = classifier;
        this.legacyBuilder = legacyBuilder;
        this.v1Builder = v1Builder;
        this.legacyBatchSize = legacyBatchSize;
        this.clock = clock;
    }

    /** Splits a request into sends: v1 one per token, legacy up to push.gcm.batch-size tokens each. */
    public List<SendBatch> batches(PushRequest request) {
        List<DeviceToken> tokens = request.tokens();
        List<SendBatch> out = new ArrayList<>();
        if (provider.protocol() == Protocol.V1) {
            var prepared = v1Builder.prepare(request);
            tokens.forEach(t -> out.add(new SendBatch(List.of(t), prepared.forToken(t.token()))));
        } else {
            for (int from = 0; from < tokens.size(); from += legacyBatchSize) {
                List<DeviceToken> chunk = List.copyOf(tokens.subList(from, Math.min(tokens.size(), from + legacyBatchSize)));
                out.add(new SendBatch(chunk, legacyBuilder.build(request, chunk)));
            }
        }
        return out;
    }

    /** {@link #batches} of the request the intake step read. */
    public List<SendBatch> batchesOf(Exchange exchange) {
        return batches(exchange.getProperty(io.pushgateway.intake.IntakeStep.CONTEXT,
                io.pushgateway.outcome.RequestContext.class).request());
    }

    /**
     * Makes the exchange an FCM request. Every header the broker brought is dropped first, so
     * no AMQP header leaks into the HTTP call; the credentials are added last.
     */
    public void prepare(Exchange exchange) {
        SendBatch batch = exchange.getMessage().getBody(SendBatch.class);
        exchange.setProperty(BATCH, batch);
        // Quota guard: blocks this send thread until its tokens fit the rate; nothing is dropped.
        rateLimiter.acquire(batch.tokens().size());
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        // The enum, not "POST": camel-http reads this header as HttpMethods, and converting a String
        // goes through a type-converter search on every send (a sixth of the gateway's CPU, measured).
        message.setHeader(Exchange.HTTP_METHOD, HttpMethods.POST);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=UTF-8");
        message.setHeader("Authorization", provider.authorizer().authorization());
        message.setBody(batch.body());
        exchange.setProperty(SEND_STARTED, new SendTiming(System.nanoTime()));
        metrics.sendStarted();
    }

    /** Throws for a send that failed as a whole but may pass, so the breaker counts it. */
    public void check(Exchange exchange) {
        Message message = exchange.getMessage();
        message.removeHeader("Authorization");
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        finishSend(exchange, String.valueOf(status));
        byte[] body = message.getBody(byte[].class);
        message.setBody(body);
        if (classifier.failsTransiently(provider.protocol(), status, body)) {
            if (status == 401) {
                provider.authorizer().refresh();
            }
            throw new FcmUnavailableException(status, results(exchange, status, body));
        }
    }

    /** One result per token of the send, from FCM's answer. */
    public List<TokenResult> classify(Exchange exchange) {
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        return results(exchange, status, message.getBody(byte[].class));
    }

    /** Results for a send the breaker refused, or that failed before FCM answered usefully. */
    public List<TokenResult> fallback(Exchange exchange) {
        SendBatch batch = exchange.getProperty(BATCH, SendBatch.class);
        if (batch == null) {
            batch = exchange.getMessage().getBody(SendBatch.class);
        }
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        finishSend(exchange, cause == null ? "circuit-open" : describe(cause));
        if (cause instanceof FcmUnavailableException unavailable) {
            return unavailable.results();
        }
        List<TokenResult> out = new ArrayList<>(batch.tokens().size());
        if (Boolean.TRUE.equals(exchange.getProperty(SHORT_CIRCUITED, Boolean.class)) || cause == null) {
            batch.tokens().forEach(t -> out.add(TokenResult.notSent(t, "circuit-open", Duration.ZERO)));
        } else {
            String error = describe(cause);
            batch.tokens().forEach(t -> out.add(TokenResult.failed(t, io.pushgateway.outcome.Outcome.RETRY,
                    error, Duration.ZERO)));
        }
        return out;
    }

    /** Records the call's duration once: a send that never started (circuit open) records nothing. */
    private void finishSend(Exchange exchange, String status) {
        SendTiming timing = exchange.getProperty(SEND_STARTED, SendTiming.class);
        if (timing != null && timing.finished.compareAndSet(false, true)) {
            metrics.sendFinished(provider.protocol().tableName(), status,
                    Duration.ofNanos(System.nanoTime() - timing.startedNanos));
        }
    }

    /** Shared by reference between the breaker's copies of an exchange, so a call is recorded once. */
    private static final class SendTiming {
        final long startedNanos;
        final java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();

        SendTiming(long startedNanos) {
            this.startedNanos = startedNanos;
        }
    }

    private List<TokenResult> results(Exchange exchange, int status, byte[] body) {
        SendBatch batch = exchange.getProperty(BATCH, SendBatch.class);
        Duration retryAfter = RetryAfter.parse(exchange.getMessage().getHeader("Retry-After"), clock);
        if (provider.protocol() == Protocol.V1) {
            return List.of(classifier.v1(batch.tokens().get(0), status, body, retryAfter));
        }
        return classifier.legacy(batch.tokens(), status, body, retryAfter);
    }

    /** A short name for why FCM could not be reached; never the exception text (it may hold a URL). */
    private static String describe(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return "timeout";
            }
            if (t instanceof ConnectException) {
                return "connection-refused";
            }
            if (t instanceof java.io.IOException) {
                return "io-error";
            }
        }
        return "send-failed";
    }
}
