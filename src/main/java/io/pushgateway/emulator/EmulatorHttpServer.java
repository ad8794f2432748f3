package io.pushgateway.emulator;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import java.net.BindException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulator's HTTP server on Vert.x: HTTP/1.1 (keep-alive, chunked bodies,
 * {@code Expect: 100-continue}, pipelining) and cleartext HTTP/2 (h2c, with prior knowledge or by
 * {@code Upgrade}) on one port of 127.0.0.1, or, given a certificate, HTTPS (HTTP/2 by ALPN,
 * HTTP/1.1 otherwise) like Google's endpoints. One Vert.x server instance per event loop shares the
 * port, so connections are spread over the loops.
 *
 * <p>Requests go to the route with the longest matching path prefix once their body is complete.
 * Routes marked inline (the sends, whose handlers only parse a small body and never block) run on
 * the connection's event loop; the others (OAuth signatures, admin endpoints that may walk big
 * maps or stop this very server) run on the worker pool and hand their answer back to the loop.
 */
final class EmulatorHttpServer {

    private static final Logger LOG = LoggerFactory.getLogger(EmulatorHttpServer.class);
    private static final long STOP_PATIENCE_MILLIS = 5_000;
    /** Far above FCM's own limits (4 KB payload, 1000 tokens), but bounded. */
    static final int MAX_BODY_BYTES = 32 * 1024 * 1024;
    /** What the old server accepted as a whole request head. */
    private static final int MAX_HEAD_BYTES = 64 * 1024;
    /** After GOAWAY, streams already started may still wait out the longest hang before the connection closes. */
    static final Duration GOAWAY_GRACE = Duration.ofSeconds(60);
    private static final HttpAnswer NO_ROUTE =
            HttpAnswer.html(404, "<h1>404 Not Found</h1>No context found for request");

    /**
     * Where and how to listen: {@code loops} server instances share {@code host:port}; {@code tls}
     * is the certificate and key to serve HTTPS with, or null for plain HTTP.
     */
    record Listen(String host, int port, int backlog, int loops, int maxConcurrentStreams, PemKeyCertOptions tls) {
    }

    /** Requests whose path starts with {@code prefix} go to {@code handler}. */
    record Route(String prefix, CallHandler handler, boolean inline) {
    }

    private final Vertx vertx;
    private final List<Route> routes;
    private final Executor workers;
    private final List<HttpServer> servers = new ArrayList<>();
    private final Map<HttpConnection, EmulatorConnection> connections = new ConcurrentHashMap<>();
    private volatile boolean stopped;
    private int port;

    private EmulatorHttpServer(Vertx vertx, List<Route> routes, Executor workers) {
        this.vertx = vertx;
        this.routes = routes.stream().sorted(Comparator.comparingInt((Route r) -> r.prefix().length()).reversed()).toList();
        this.workers = workers;
    }

    /**
     * Listens on {@code host:port} with {@code loopCount} server instances; throws BindException if
     * the port is taken. Must not be called on an event loop: it waits until the port is bound.
     */
    static EmulatorHttpServer start(Vertx vertx, Listen listen, List<Route> routes, Executor workers)
            throws BindException {
        EmulatorHttpServer server = new EmulatorHttpServer(vertx, routes, workers);
        try {
            // The first instance binds, the others share its socket. Vert.x shares a port-0 socket only
            // under a negative port, which stands for "one random port, the same for all of them".
            int sharedPort = listen.port() == 0 ? -1 : listen.port();
            for (int i = 0; i < listen.loops(); i++) {
                server.port = server.listenOn(listen, sharedPort);
            }
            return server;
        } catch (BindException | RuntimeException e) {
            server.stop();
            throw e;
        }
    }

    int port() {
        return port;
    }

    /**
     * Closes the listening socket and every connection; answers still waiting are dropped. Answers
     * handed over before this call are written first. Returns once the port is closed.
     */
    void stop() {
        stopped = true;
        List<Future<Void>> closing = servers.stream().map(HttpServer::close).toList();
        await(Future.join(closing), "closing the emulator's HTTP server");
        connections.clear();
    }

    /**
     * Sends GOAWAY on every HTTP/2 connection (streams already started are still answered, then the
     * connection closes) and closes every HTTP/1.1 connection as soon as it is idle.
     */
    void goAway() {
        connections.values().forEach(EmulatorConnection::goAway);
    }

    boolean isStopped() {
        return stopped;
    }

    private int listenOn(Listen listen, int port) throws BindException {
        String host = listen.host();
        HttpServerOptions options = new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setAcceptBacklog(listen.backlog())
                // A port freed by a refuse outage must be bindable again at once, despite connections in TIME_WAIT.
                .setReuseAddress(true)
                // The 100-continue interim answer and the final one are two writes.
                .setTcpNoDelay(true)
                .setHandle100ContinueAutomatically(true)
                .setHttp2ClearTextEnabled(true)
                .setMaxInitialLineLength(MAX_HEAD_BYTES)
                .setMaxHeaderSize(MAX_HEAD_BYTES)
                .setInitialSettings(new Http2Settings().setMaxConcurrentStreams(listen.maxConcurrentStreams()));
        if (listen.tls() != null) {
            // As Google's front ends: TLS, and HTTP/2 for clients that ask for it by ALPN.
            options.setSsl(true).setKeyCertOptions(listen.tls()).setUseAlpn(true)
                    .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1));
        }
        HttpServer server = vertx.createHttpServer(options)
                .connectionHandler(this::track)
                .invalidRequestHandler(EmulatorHttpServer::refuseMalformed)
                .requestHandler(this::onRequest);
        servers.add(server);
        try {
            return await(server.listen(), "listening on " + host + ":" + port).actualPort();
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof BindException bind) {
                throw bind;
            }
            throw e;
        }
    }

    private void track(HttpConnection connection) {
        EmulatorConnection tracked = new EmulatorConnection(connection, vertx.getOrCreateContext());
        connections.put(connection, tracked);
        connection.closeHandler(closed -> connections.remove(connection));
    }

    private void onRequest(HttpServerRequest request) {
        EmulatorConnection connection = connections.get(request.connection());
        if (connection != null) {
            connection.requestStarted();
        }
        String contentLength = request.getHeader("Content-Length");
        if (contentLength != null && isOverLimit(contentLength)) {
            refuseTooLarge(request, connection);
            return;
        }
        Buffer body = Buffer.buffer();
        Context context = vertx.getOrCreateContext();
        request.handler(chunk -> {
            if (body.length() + chunk.length() > MAX_BODY_BYTES) {
                refuseTooLarge(request, connection);
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.endHandler(ended -> {
            if (!request.response().ended()) {
                dispatch(new HttpCall(this, connection, request, context, body.getBytes()));
            }
        });
    }

    private static boolean isOverLimit(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            // The HTTP/1.1 decoder refuses a bad Content-Length before it gets here; HTTP/2 carries none.
            return false;
        }
    }

    /** The rest of the body is not worth reading: answer and close (HTTP/1.1) or end the stream (HTTP/2). */
    private static void refuseTooLarge(HttpServerRequest request, EmulatorConnection connection) {
        if (request.response().ended()) {
            return;
        }
        request.handler(null);
        AnswerWriter.write(request, HttpAnswer.text(413, "Request too large"), true);
        if (connection != null) {
            connection.answerWritten();
        }
    }

    /** A request the HTTP/1.1 decoder could not parse: what follows it cannot be framed either. */
    private static void refuseMalformed(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        HttpAnswer answer;
        if (cause instanceof TooLongHttpLineException) {
            answer = HttpAnswer.text(414, "Request line too long");
        } else if (cause instanceof TooLongHttpHeaderException) {
            answer = HttpAnswer.text(431, "Request header fields too large");
        } else {
            answer = HttpAnswer.text(400, "Bad request");
        }
        AnswerWriter.write(request, answer, true);
    }

    /** Runs the route for {@code call}, inline or on a worker; called on the connection's event loop. */
    private void dispatch(HttpCall call) {
        Route route = routeFor(call.rawPath());
        if (route == null) {
            call.answer(NO_ROUTE);
        } else if (route.inline()) {
            run(route.handler(), call);
        } else {
            try {
                workers.execute(() -> run(route.handler(), call));
            } catch (RejectedExecutionException shuttingDown) {
                call.answer(HttpAnswer.text(503, "Service Unavailable"));
            }
        }
    }

    private Route routeFor(String path) {
        for (Route route : routes) {
            if (path.startsWith(route.prefix())) {
                return route;
            }
        }
        return null;
    }

    private static void run(CallHandler handler, HttpCall call) {
        try {
            handler.handle(call);
        } catch (RuntimeException bug) {
            // Without an answer the client would wait for its timeout, which looks like a network fault.
            LOG.warn("An FCM emulator handler failed", bug);
            call.answer(HttpAnswer.text(500, "FCM emulator bug: " + bug));
        }
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(STOP_PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " took longer than " + STOP_PATIENCE_MILLIS + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " was interrupted", e);
        }
    }
}
