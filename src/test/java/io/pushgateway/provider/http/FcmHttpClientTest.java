package io.pushgateway.provider.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import io.pushgateway.testsupport.TestCertificates;
import org.junit.jupiter.api.io.TempDir;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The FCM HTTP client against a real HTTP/2 server (Vert.x's), on 127.0.0.1. */
class FcmHttpClientTest {

    /** One request through the client's batch API, its answer as a future. */
    private static CompletableFuture<HttpReply> post(FcmHttpClient client, FcmHttpClient.Target target, byte[] body) {
        CompletableFuture<HttpReply> reply = new CompletableFuture<>();
        client.postAll(target, new byte[][] {body}, 0, 1, (index, answer, failure) -> {
            if (failure != null) {
                reply.completeExceptionally(failure);
            } else {
                reply.complete(answer);
            }
        });
        return reply;
    }


    private final Vertx serverVertx = Vertx.vertx();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        serverVertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void multiplexesConcurrentRequestsOverFewH2cConnectionsWithinTheServersStreamLimit() throws Exception {
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        Set<HttpConnection> connections = ConcurrentHashMap.newKeySet();
        Set<HttpVersion> versions = ConcurrentHashMap.newKeySet();
        int port = server(new HttpServerOptions().setInitialSettings(new Http2Settings().setMaxConcurrentStreams(10)),
                request -> {
                    connections.add(request.connection());
                    versions.add(request.version());
                    maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                    serverVertx.setTimer(30, t -> {
                        concurrent.decrementAndGet();
                        request.response().end("{\"name\":\"ok\"}");
                    });
                });
        FcmHttpClient client = client(true, false, 2, 100, 50, null);

        List<HttpReply> replies = postAll(client, "http://127.0.0.1:" + port + "/send", 100);

        assertThat(replies).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(versions).containsExactly(HttpVersion.HTTP_2);
        assertThat(connections).hasSizeLessThanOrEqualTo(2);
        assertThat(maxConcurrent.get()).as("never past 2 connections x 10 streams").isLessThanOrEqualTo(20).isGreaterThan(1);
    }

    @Test
    void neverHasMoreRequestsInFlightThanItsLimitWhateverTheCallersIssue() throws Exception {
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        int port = server(new HttpServerOptions(), request -> {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            serverVertx.setTimer(20, t -> {
                concurrent.decrementAndGet();
                request.response().end("{}");
            });
        });
        FcmHttpClient client = client(true, false, 4, 100, 7, null);

        postAll(client, "http://127.0.0.1:" + port + "/send", 60);

        assertThat(maxConcurrent.get()).isLessThanOrEqualTo(7);
    }

    @Test
    void resendsARequestTheServerRefusedWithRefusedStreamAndGetsItsAnswer() throws Exception {
        Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        int port = server(new HttpServerOptions(), request -> request.body().onSuccess(body -> {
            int times = seen.computeIfAbsent(body.toString(), k -> new AtomicInteger()).incrementAndGet();
            if (times == 1) {
                request.response().reset(0x7);
            } else {
                request.response().end("{\"name\":\"ok\"}");
            }
        }));
        FcmHttpClient client = client(true, false, 1, 100, 10, null);

        List<HttpReply> replies = postAll(client, "http://127.0.0.1:" + port + "/send", 5);

        assertThat(replies).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(seen.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(2));
    }

    @Test
    void doesNotResendARequestWhoseStreamTheServerResetForAnotherReason() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        int port = server(new HttpServerOptions(), request -> {
            seen.incrementAndGet();
            request.response().reset(0x2);
        });
        FcmHttpClient client = client(true, false, 1, 100, 10, null);

        CompletableFuture<HttpReply> reply = post(client, client.target("http://127.0.0.1:" + port + "/send", "Bearer x"),
                "{}".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> reply.get(5, TimeUnit.SECONDS)).hasRootCauseInstanceOf(io.vertx.core.http.StreamResetException.class);
        assertThat(seen.get()).isEqualTo(1);
    }

    @Test
    void movesToANewConnectionAfterGoAwayAndResendsWhatTheServerDidNotProcess() throws Exception {
        Set<HttpConnection> connections = ConcurrentHashMap.newKeySet();
        Map<HttpConnection, AtomicInteger> perConnection = new ConcurrentHashMap<>();
        int port = server(new HttpServerOptions(), request -> {
            connections.add(request.connection());
            int nth = perConnection.computeIfAbsent(request.connection(), c -> new AtomicInteger()).incrementAndGet();
            if (connections.size() == 1 && nth == 3) {
                // The first two streams were answered; this one and later ones were not processed.
                request.connection().goAway(0, request.streamId() - 2);
                return;
            }
            if (connections.size() == 1) {
                request.response().end("{\"name\":\"ok\"}");
                return;
            }
            serverVertx.setTimer(10, t -> request.response().end("{\"name\":\"ok\"}"));
        });
        FcmHttpClient client = client(true, false, 2, 100, 20, null);

        List<HttpReply> replies = postAll(client, "http://127.0.0.1:" + port + "/send", 20);

        assertThat(replies).hasSize(20).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(connections).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void negotiatesHttp2ByAlpnOverTlsWithTheConfiguredCa(@TempDir Path dir) throws Exception {
        TestCertificates.Authority ca = TestCertificates.authority(dir, "fcm-test-ca");
        TestCertificates.ServerCertificate certificate = ca.issue("fcm-server", "127.0.0.1", List.of("IP:127.0.0.1"));
        Set<HttpVersion> versions = ConcurrentHashMap.newKeySet();
        int port = server(new HttpServerOptions().setSsl(true).setUseAlpn(true)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certificate.certificate().toString())
                        .setKeyPath(certificate.key().toString())), request -> {
            versions.add(request.version());
            request.response().end("{}");
        });
        FcmHttpClient trusting = client(true, true, 1, 100, 5, new ProviderTrust(ca.trustManagers()));

        assertThat(postAll(trusting, "https://127.0.0.1:" + port + "/send", 3))
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(versions).containsExactly(HttpVersion.HTTP_2);

        FcmHttpClient jvmTrustOnly = client(true, true, 1, 100, 5, null);
        CompletableFuture<HttpReply> refused = post(jvmTrustOnly,
                jvmTrustOnly.target("https://127.0.0.1:" + port + "/send", "Bearer x"), new byte[0]);
        assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS)).hasRootCauseInstanceOf(
                java.security.cert.CertPathBuilderException.class);
    }

    @Test
    void speaksHttp11ToAPlainHttpEndpointUnlessToldToUseH2c() throws Exception {
        Set<HttpVersion> versions = ConcurrentHashMap.newKeySet();
        int port = server(new HttpServerOptions(), request -> {
            versions.add(request.version());
            request.response().putHeader("Retry-After", "7").setStatusCode(503).end("busy");
        });
        FcmHttpClient client = client(false, false, 1, 100, 5, null);

        List<HttpReply> replies = postAll(client, "http://127.0.0.1:" + port + "/send", 3);

        assertThat(versions).containsExactly(HttpVersion.HTTP_1_1);
        assertThat(replies).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.retryAfter()).isEqualTo("7");
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("busy");
        });
    }

    private List<HttpReply> postAll(FcmHttpClient client, String url, int n) throws Exception {
        FcmHttpClient.Target target = client.target(url, "Bearer test");
        List<CompletableFuture<HttpReply>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(post(client, target, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
        }
        List<HttpReply> out = new ArrayList<>();
        for (CompletableFuture<HttpReply> f : futures) {
            out.add(f.get(20, TimeUnit.SECONDS));
        }
        return out;
    }

    private int server(HttpServerOptions options, Consumer<HttpServerRequest> handler) throws Exception {
        HttpServer server = serverVertx.createHttpServer(options.setHost("127.0.0.1").setPort(0))
                .requestHandler(handler::accept);
        return server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    }

    private FcmHttpClient client(boolean http2, boolean tls, int connections, int streams, int inFlight,
                                 ProviderTrust trust) {
        FcmHttpClient client = FcmHttpClient.start(new FcmHttpSettings(http2, tls, connections, streams, inFlight,
                Duration.ofSeconds(3), Duration.ofSeconds(5), trust == null ? ProviderTrust.jvm() : trust));
        toClose.add(client);
        return client;
    }
}
