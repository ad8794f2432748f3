package io.pushgateway.provider.http;

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
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TrustOptions;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's HTTP client for FCM, on Vert.x: asynchronous, so a batch of 500 sends is 500
 * requests in flight from one thread, and multiplexed, so they share a few HTTP/2 connections
 * (each kept under the server's SETTINGS_MAX_CONCURRENT_STREAMS). HTTP/1.1 endpoints get a pool of
 * keep-alive connections instead.
 *
 * <p>At most {@link FcmHttpSettings#maxInFlight()} requests are in flight: {@link #post} waits for
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

    private FcmHttpClient(FcmHttpSettings settings) {
        this.settings = settings;
        // Two event loops at most: the gateway shares its cores with the intake consumers.
        this.vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())))
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        this.slots = new Semaphore(settings.maxInFlight());
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
            if (settings.trustCaFile() != null) {
                options.setTrustOptions(new PemTrustOptions().addCertPath(settings.trustCaFile().toString()));
            } else if (settings.trustManagers() != null) {
                options.setTrustOptions(TrustOptions.wrap(settings.trustManagers()));
            }
        }
        return options;
    }

    /** What every request of a batch shares: where it goes and its headers (Authorization included). */
    public Target target(String url, String authorization) {
        URI uri = URI.create(url);
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : (tls ? 443 : 80);
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Content-Type", "application/json; charset=UTF-8")
                .add("Authorization", authorization);
        return new Target(uri.getHost(), port, path, tls, headers);
    }

    /** A send URL and the headers of its requests. Never logged: the headers hold credentials. */
    public record Target(String host, int port, String path, boolean tls, MultiMap headers) {
        @Override
        public String toString() {
            return (tls ? "https://" : "http://") + host + ":" + port + path;
        }
    }

    /**
     * Posts {@code body}: waits (blocking the calling thread) until fewer than maxInFlight requests
     * are under way, then sends without blocking. The future completes on a Vert.x thread.
     */
    public CompletableFuture<HttpReply> post(Target target, byte[] body) {
        acquireSlot();
        CompletableFuture<HttpReply> reply = new CompletableFuture<>();
        reply.whenComplete((answer, failure) -> slots.release());
        send(target, Buffer.buffer(body), reply, 0);
        return reply;
    }

    private void acquireSlot() {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an FCM request slot", e);
        }
    }

    private void send(Target target, Buffer body, CompletableFuture<HttpReply> reply, int resends) {
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
                reply.completeExceptionally(opened.cause());
                return;
            }
            HttpClientRequest request = opened.result();
            request.send(body)
                    .compose(response -> response.body().map(bytes ->
                            new HttpReply(response.statusCode(), bytes.getBytes(), response.getHeader("Retry-After"))))
                    .onComplete(done -> {
                        if (done.succeeded()) {
                            reply.complete(done.result());
                        } else if (resends < MAX_RESENDS && neverProcessed(request, done.cause())) {
                            send(target, body, reply, resends + 1);
                        } else {
                            reply.completeExceptionally(done.cause());
                        }
                    });
        });
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
