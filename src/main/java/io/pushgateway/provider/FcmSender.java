package io.pushgateway.provider;

import io.pushgateway.core.DeviceToken;
import io.pushgateway.core.InvalidPushRequestException;
import io.pushgateway.core.Outcome;
import io.pushgateway.core.PushRequest;
import io.pushgateway.core.RequestGroup;
import io.pushgateway.core.TokenResult;
import io.pushgateway.core.TokenResults;
import io.pushgateway.metrics.PushMetrics;
import io.pushgateway.provider.http.FcmHttpClient;
import io.pushgateway.provider.http.HttpReply;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * The send path for one FCM protocol: {@link #batchesOf} splits a group's requests into send
 * batches per project ({@link SendBatches}); {@link #send} issues a batch's HTTP requests, all in
 * flight at once, and waits once for the answers; {@link #classify} turns the answers into one
 * result per token, throwing when {@link BatchVerdict} counts the batch as failed; {@link #fallback}
 * gives the results of a batch the breaker refused or that failed. The protocol is chosen once, by
 * {@link #of}: {@link V1Sender} sends one request per token, {@link LegacySender} one multicast per
 * request part.
 */
public abstract class FcmSender {

    /** Requests posted in one call once their permits are taken: few hand-overs to the HTTP client. */
    private static final int POST_AT_ONCE = 64;

    final ResultClassifier classifier;
    private final ProviderRuntime provider;
    private final FcmHttpClient http;
    private final SendBatches sendBatches;
    private final Clock clock;
    private final PushMetrics metrics;
    private final FcmBreakers breakers;
    /** A batch whose answers are not all in by then has a bug below us; its stragglers count as timeouts. */
    private final Duration batchPatience;
    /** The send target of each project, rebuilt only when its Authorization header changes. */
    private final Map<String, FcmHttpClient.Target> targets = new ConcurrentHashMap<>();

    FcmSender(Settings settings, SendBatches.Shape shape) {
        this.provider = settings.provider();
        this.http = settings.http();
        this.classifier = settings.classifier();
        this.clock = settings.clock();
        this.metrics = settings.metrics();
        this.breakers = settings.breakers();
        this.batchPatience = settings.responseTimeout().multipliedBy(5).plusSeconds(5);
        this.sendBatches = new SendBatches(shape, this::projectOf);
    }

    /**
     * What every sender needs.
     *
     * @param v1BatchSize     targets per v1 batch (push.fcm.batch-size)
     * @param legacyBatchSize tokens per legacy multicast (push.gcm.batch-size)
     */
    public record Settings(ProviderRuntime provider, FcmHttpClient http, ResultClassifier classifier,
                           int v1BatchSize, int legacyBatchSize, Clock clock, PushMetrics metrics,
                           FcmBreakers breakers, Duration responseTimeout) {
    }

    /** The sender of the protocol the provider speaks: the one place the protocol is chosen. */
    public static FcmSender of(Settings settings) {
        return settings.provider().protocol() == Protocol.LEGACY ? new LegacySender(settings) : new V1Sender(settings);
    }

    /** The protocol this sender speaks. */
    abstract Protocol protocol();

    /** How many HTTP requests {@code part} makes. */
    abstract int sendsOf(SendBatch.Part part);

    /** Writes {@code part}'s request bodies into {@code bodies} from {@code at}; gives the index after them. */
    abstract int writeBodies(SendBatch.Part part, byte[][] bodies, int at);

    /**
     * Turns {@code part}'s answers, from {@code replies[slot]} on, into results in {@code out}; gives
     * the slot after them.
     */
    abstract int classifyPart(SendBatch.Part part, Object[] replies, int slot, TokenResults out, Tally tally);

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
            i = writeBodies(part, bodies, i);
        }
        BatchWaiter waiter = new BatchWaiter(bodies.length, metrics.callTimers(protocol().tableName(), project.name()));
        int from = 0;
        i = 0;
        for (SendBatch.Part part : batch.parts()) {
            // Quota guard: waits for this part's permits; nothing is dropped.
            project.rateLimiter().acquire(part.tokens().size());
            i += sendsOf(part);
            if (i - from >= POST_AT_ONCE || i == bodies.length) {
                waiter.sending(from, i - from);
                http.postAll(target, bodies, from, i, waiter::answer);
                from = i;
            }
        }
        return new BatchAnswers(batch, waiter.await(batchPatience));
    }

    /** The project's send target with its current Authorization header (made again only when that changes). */
    private FcmHttpClient.Target targetOf(FcmProject project) {
        String authorization = project.authorizer().authorization();
        FcmHttpClient.Target target = targets.get(project.name());
        if (target == null || !authorization.equals(target.authorization())) {
            // A v1 success says only the message's name; a legacy one holds each token's result.
            target = http.target(project.sendUrl(), authorization, protocol() == Protocol.LEGACY);
            targets.put(project.name(), target);
        }
        return target;
    }

    /** What a batch's failed answers add up to: whether it counts as a failed call, and why. */
    static final class Tally {
        int transientFailures;
        String firstError;
        boolean refreshCredentials;

        /** The first error of the batch is what its failure says, transient or not. */
        void error(String error) {
            firstError = firstError == null ? error : firstError;
        }

        void failedTransiently() {
            transientFailures++;
        }
    }

    /**
     * One result per token from FCM's answers. Throws {@link FcmBatchFailedException}, carrying those
     * results, when the batch counts as a failed call, so the breaker sees it.
     */
    public BatchResults classify(BatchAnswers answers) {
        SendBatch batch = answers.batch();
        BatchResults results = new BatchResults(batch);
        Tally tally = new Tally();
        int slot = 0;
        for (int p = 0; p < batch.parts().size(); p++) {
            slot = classifyPart(batch.parts().get(p), answers.replies(), slot, results.of(p), tally);
        }
        if (tally.refreshCredentials) {
            // Our access token was refused without an FCM reason: the next batch fetches a fresh one.
            batch.project().authorizer().refresh();
        }
        if (BatchVerdict.failed(batch.sends(), tally.transientFailures)) {
            throw new FcmBatchFailedException(batch.sends(), tally.transientFailures, tally.firstError, results);
        }
        return results;
    }

    /**
     * Results for a batch the breaker refused (open circuit), or one that failed as a whole.
     *
     * @param body           the exchange's body when it failed: the batch, or its answers
     * @param cause          what failed it; null when it was never sent
     * @param shortCircuited the breaker refused it (its circuit is open)
     */
    public BatchResults fallback(Object body, Throwable cause, boolean shortCircuited) {
        if (cause instanceof FcmBatchFailedException failed) {
            return failed.results();
        }
        SendBatch batch = body instanceof BatchAnswers answers ? answers.batch() : (SendBatch) body;
        BatchResults out = new BatchResults(batch);
        boolean neverSent = cause == null || shortCircuited;
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

    Duration retryAfter(HttpReply reply) {
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
