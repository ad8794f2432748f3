package io.pushgateway.provider.http;

import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.StreamResetException;
import io.vertx.core.net.TrustOptions;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's HTTP client for FCM, on Vert.x: asynchronous, so a batch of 500 sends is 500
 * requests in flight from one thread, and multiplexed, so they share a few HTTP/2 connections
 * (each kept under the server's SETTINGS_MAX_CONCURRENT_STREAMS). HTTP/1.1 endpoints get a pool of
 * keep-alive connections instead.
 *
 * <p>At most {@link FcmHttpSettings#maxInFlight()} requests are in flight: {@link #postAll} waits for
 * a free slot first, which is the backpressure that keeps memory bounded however many batches the
 * intake consumers are working on. A request the server provably did not process (REFUSED_STREAM,
 * or a stream above a GOAWAY's last stream id) is sent again on a fresh stream; any other failure
 * is the caller's to classify.
 */
public final class FcmHttpClient implements AutoCloseable {

    /** HTTP/2 error code REFUSED_STREAM: RFC 9113 §8.7 guarantees the request was not processed. */
    private static final long REFUSED_STREAM = 0x7;
    /** A request refused this often in a row fails, so a server that refuses everything cannot loop us. */
    private static final int MAX_RESENDS = 3;

    private final Vertx vertx;
    private final HttpClient client;
    private final Semaphore slots;
    private final long idleTimeoutMillis;
    private final FcmHttpSettings settings;
    /** The event loops' contexts, taken in turn by batches, so every loop works. */
    private final Context[] contexts;
    private final AtomicInteger nextContext = new AtomicInteger();
    /** Requests handed to the event loop in one task (and slots taken at once). */
    private final int chunk;
    private static final byte[] NO_BODY = new byte[0];

    private FcmHttpClient(FcmHttpSettings settings) {
        this.settings = settings;
        // Two event loops at most: the gateway shares its cores with the intake consumers.
        this.vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())))
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        this.slots = new Semaphore(settings.maxInFlight());
        this.chunk = Math.max(1, Math.min(128, settings.maxInFlight() / 4));
        int loops = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        this.contexts = new Context[loops];
        for (int i = 0; i < loops; i++) {
            // Each call from a non-Vert.x thread makes a context on the next event loop.
            contexts[i] = vertx.getOrCreateContext();
        }
        this.idleTimeoutMillis = settings.responseTimeout().toMillis();
        this.client = vertx.httpClientBuilder()
                .with(options(settings))
                .with(new PoolOptions()
                        .setHttp2MaxSize(settings.connections())
                        .setHttp1MaxSize(settings.maxInFlight()))
                .build();
    }

    public static FcmHttpClient start(FcmHttpSettings settings) {
        return new FcmHttpClient(settings);
    }

    public FcmHttpSettings settings() {
        return settings;
    }

    private static HttpClientOptions options(FcmHttpSettings settings) {
        HttpClientOptions options = new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
                .setKeepAlive(true)
                // FCM answers small JSON: compression would be work for nothing on both sides.
                .setTryUseCompression(false)
                .setDecompressionSupported(false)
                .setHttp2MultiplexingLimit(settings.maxStreamsPerConnection());
        if (settings.http2()) {
            options.setProtocolVersion(HttpVersion.HTTP_2);
            // Plain-text HTTP/2 starts with the preface (prior knowledge), no Upgrade round trip.
            options.setHttp2ClearTextUpgrade(false);
        } else {
            options.setProtocolVersion(HttpVersion.HTTP_1_1);
        }
        if (settings.tls()) {
            options.setSsl(true).setUseAlpn(settings.http2());
            if (settings.http2()) {
                options.setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1));
            }
            if (!settings.trust().isJvmDefault()) {
                options.setTrustOptions(TrustOptions.wrap(settings.trust().managers()));
            }
        }
        return options;
    }

    /** What every request of a batch shares: where it goes and its headers (Authorization included). */
    public Target target(String url, String authorization) {
        return target(url, authorization, true);
    }

    /**
     * @param okBodyNeeded false when a 200's body says nothing the caller reads (FCM v1 answers the
     *                     message's name): it is then not even kept
     */
    public Target target(String url, String authorization, boolean okBodyNeeded) {
        URI uri = URI.create(url);
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : (tls ? 443 : 80);
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Content-Type", "application/json; charset=UTF-8")
                .add("Authorization", authorization);
        return new Target(uri.getHost(), port, path, tls, headers, authorization, okBodyNeeded);
    }

    /** A send URL and the headers of its requests. Never logged: the headers hold credentials. */
    public record Target(String host, int port, String path, boolean tls, MultiMap headers, String authorization,
                         boolean okBodyNeeded) {
        @Override
        public String toString() {
            return (tls ? "https://" : "http://") + host + ":" + port + path;
        }
    }

    /** Receives the answers of {@link #postAll}, one call per request, on a Vert.x thread. */
    public interface Answers {
        /** Exactly one of {@code reply} and {@code failure} is set. */
        void answer(int index, HttpReply reply, Throwable failure);
    }

    /**
     * Posts {@code bodies[from]} up to (not including) {@code bodies[to]}, answering each to
     * {@code answers} by its index in {@code bodies}. Blocks the calling thread only while
     * maxInFlight requests are under way; the requests are handed to the event loop in a few tasks,
     * not one per request, so the calling thread wakes it a few times per batch.
     */
    public void postAll(Target target, byte[][] bodies, int from, int to, Answers answers) {
        while (from < to) {
            int n = Math.min(to - from, chunk);
            acquireSlots(n);
            int first = from;
            nextContext().runOnContext(v -> {
                for (int i = first; i < first + n; i++) {
                    send(target, Buffer.buffer(bodies[i]), i, answers, 0);
                }
            });
            from += n;
        }
    }

    private Context nextContext() {
        return contexts[Math.floorMod(nextContext.getAndIncrement(), contexts.length)];
    }

    private void acquireSlots(int n) {
        try {
            slots.acquire(n);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an FCM request slot", e);
        }
    }

    private void send(Target target, Buffer body, int index, Answers answers, int resends) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.tls())
                .setURI(target.path())
                .setHeaders(target.headers())
                .setIdleTimeout(idleTimeoutMillis);
        client.request(options).onComplete(opened -> {
            if (opened.failed()) {
                done(index, answers, null, opened.cause());
                return;
            }
            HttpClientRequest request = opened.result();
            request.send(body)
                    .compose(response -> response.statusCode() == 200 && !target.okBodyNeeded()
                            ? response.end().map(v -> new HttpReply(200, NO_BODY, null))
                            : response.body().map(bytes ->
                            new HttpReply(response.statusCode(), bytes.getBytes(), response.getHeader("Retry-After"))))
                    .onComplete(done -> {
                        if (done.succeeded()) {
                            done(index, answers, done.result(), null);
                        } else if (resends < MAX_RESENDS && neverProcessed(request, done.cause())) {
                            send(target, body, index, answers, resends + 1);
                        } else {
                            done(index, answers, null, done.cause());
                        }
                    });
        });
    }

    private void done(int index, Answers answers, HttpReply reply, Throwable failure) {
        slots.release();
        answers.answer(index, reply, failure);
    }

    /** True only when the server said it did not process the request, so sending it again cannot duplicate it. */
    private boolean neverProcessed(HttpClientRequest request, Throwable failure) {
        if (failure instanceof StreamResetException reset && reset.getCode() == REFUSED_STREAM) {
            return true;
        }
        // GOAWAY names the last stream the server processed; streams above it were not.
        return failure instanceof HttpClosedException closed && closed.goAway() != null
                && request.streamId() > closed.goAway().getLastStreamId();
    }

    /** Requests in flight now (for the metrics gauge). */
    public int inFlight() {
        return settings.maxInFlight() - slots.availablePermits();
    }

    @Override
    public void close() {
        try {
            client.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // Closing anyway: the event loops go with Vert.x below.
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
