package io.pushgateway.emulator;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for Firebase Cloud Messaging: a real HTTP/1.1 and h2c server (or, with a
 * certificate in its settings, an HTTPS server speaking HTTP/2 by ALPN) on 127.0.0.1 that answers the
 * v1 API ({@code /v1/projects/{project}/messages:send}), the legacy API ({@code /fcm/send}) and
 * Google's OAuth2 token endpoint ({@code /token}) the way Google does, so the gateway can be
 * tested, demonstrated and benchmarked without Google.
 *
 * <p>Each target's outcome follows from its name ({@link TokenRules}); whole-service failures are
 * played with {@link #setOutage(Outage)}, one project's with {@link #setOutage(String, Outage)};
 * answers can be slowed down with {@link #setLatency}. {@link #stats()} counts per target and per
 * project, and {@link #lastMessageFor(String)} shows what the last v1 send to a target carried.
 * Another process can drive it through the admin endpoints described in {@link AdminHandler}.
 */
public final class FcmEmulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FcmEmulator.class);
    /** Connections waiting to be accepted; benchmarks open many at once. */
    private static final int ACCEPT_BACKLOG = 1024;
    /** After a refuse outage the old socket may linger briefly; keep trying the same port this long. */
    private static final Duration REBIND_PATIENCE = Duration.ofSeconds(5);
    /**
     * One event loop carries well over 10,000 sends/s; a second one helps only when a core is free,
     * and more would just add context switches on the machine the gateway shares with us.
     */
    private static final int MAX_EVENT_LOOPS = 2;
    /** Only the IPv4 loopback: the emulator must never be reachable from another machine. */
    private static final String LOOPBACK = "127.0.0.1";

    private final EmulatorState state;
    /** Runs the token and admin endpoints, which may block; sends are judged on the event loops. */
    private final ThreadPoolExecutor workers;
    private final int eventLoops;
    private final int maxConcurrentStreams;
    /** Null for plain HTTP. */
    private final PemKeyCertOptions tls;
    private final Vertx vertx;
    private final Object lifecycle = new Object();
    /** Null while connections are refused. */
    private EmulatorHttpServer server;
    private volatile int port;
    private boolean closed;

    private FcmEmulator(EmulatorSettings settings) {
        this.state = new EmulatorState(settings, Clock.systemUTC());
        this.workers = new ThreadPoolExecutor(settings.threads(), settings.threads(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemonThreads("fcm-emulator-worker-"));
        this.workers.allowCoreThreadTimeOut(true);
        this.eventLoops = Math.max(1, Math.min(Math.min(settings.threads(), MAX_EVENT_LOOPS),
                Runtime.getRuntime().availableProcessors()));
        this.maxConcurrentStreams = settings.maxConcurrentStreams();
        this.tls = settings.tls() ? new PemKeyCertOptions().setCertPath(settings.tlsCertificate().toString())
                .setKeyPath(settings.tlsKey().toString()) : null;
        this.vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(eventLoops)
                // Blocking work runs on our own worker pool; Vert.x's pools stay tiny and idle.
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1)
                .setUseDaemonThread(true)
                // Serves no files: no cache directory in the working directory.
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false)));
    }

    /** Starts listening on 127.0.0.1:{@code settings.port()} (0 picks a free port). */
    public static FcmEmulator start(EmulatorSettings settings) {
        FcmEmulator emulator = new FcmEmulator(Objects.requireNonNull(settings, "settings"));
        try {
            synchronized (emulator.lifecycle) {
                emulator.listen(settings.port());
            }
        } catch (RuntimeException e) {
            emulator.close();
            throw e;
        }
        LOG.info("FCM emulator listening on {}", emulator.baseUrl());
        return emulator;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}, or {@code https://...} when it serves TLS. */
    public String baseUrl() {
        return (tls == null ? "http" : "https") + "://127.0.0.1:" + port;
    }

    /** The v1 send URL for {@code projectId}. */
    public String v1SendUrl(String projectId) {
        return baseUrl() + "/v1/projects/" + projectId + "/messages:send";
    }

    public String legacySendUrl() {
        return baseUrl() + LegacySendHandler.PATH;
    }

    public String tokenUrl() {
        return baseUrl() + OAuthTokenHandler.PATH;
    }

    /**
     * Takes effect for the next request; a refuse outage closes the socket before this returns.
     * {@link Outage#none()} ends every outage, those of single projects too.
     */
    public void setOutage(Outage outage) {
        applyOutage(outage, () -> { });
    }

    /**
     * An outage of one Firebase project: only v1 sends to {@code /v1/projects/<project>/...} get
     * it, while the other projects and the legacy API keep working (as when one project's quota or
     * key is the problem). {@link Outage#none()} ends it. A whole-service outage other than none
     * goes first. A refuse outage closes the whole port, so it cannot be scoped to a project.
     *
     * @throws IllegalArgumentException for a refuse outage or a project name that no v1 path can hold
     */
    public void setOutage(String project, Outage outage) {
        Objects.requireNonNull(outage, "outage");
        if (project == null || project.isEmpty() || project.indexOf('/') >= 0) {
            throw new IllegalArgumentException("a project is a non-empty name without '/'; was '" + project + "'");
        }
        if (outage instanceof Outage.RefuseConnections) {
            throw new IllegalArgumentException("a refuse outage closes the whole port and cannot be scoped to project '"
                    + project + "'");
        }
        state.projectOutage(project, outage);
        LOG.info("FCM emulator outage of project '{}' is now '{}'", project, outage.kind());
    }

    /** The outage v1 sends to {@code project} get now (the whole-service one unless that is none). */
    public Outage outage(String project) {
        return state.outageFor(project);
    }

    /** The outages set for single projects, by project, sorted; without the whole-service one. */
    public Map<String, Outage> projectOutages() {
        return state.projectOutages();
    }

    /**
     * The {@code message} object of the last v1 send received for {@code target} (a token,
     * installation id, topic name or condition, as sent), whatever its answer; empty if none was
     * received since the last {@link #resetStats()}. Only the last {@value LastMessages#CAPACITY}
     * targets are remembered.
     */
    public Optional<com.fasterxml.jackson.databind.JsonNode> lastMessageFor(String target) {
        return state.lastMessages().messageFor(target);
    }

    /**
     * For the admin endpoint: the new outage is in force before {@code answer} runs, but a refuse
     * outage closes the socket only afterwards, so the admin caller still gets its answer.
     */
    void applyOutage(Outage outage, Runnable answer) {
        Objects.requireNonNull(outage, "outage");
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("the emulator is closed");
            }
            state.outage(outage);
            if (outage instanceof Outage.None) {
                state.clearProjectOutages();
            }
            if (!(outage instanceof Outage.RefuseConnections) && server == null) {
                listen(port);
            }
            answer.run();
            if (outage instanceof Outage.RefuseConnections) {
                stopListening();
            }
        }
        LOG.info("FCM emulator outage is now '{}'", outage.kind());
    }

    public Outage outage() {
        return state.outage();
    }

    public void setLatency(Duration fixed, Duration jitter) {
        state.latency(fixed, jitter);
    }

    LatencyProfile latency() {
        return state.latency();
    }

    /**
     * Sends GOAWAY on every open HTTP/2 connection, as Google's front ends do when they drain, and
     * closes every HTTP/1.1 connection once its current answer is out. Streams the connection
     * already took are still answered; clients must open a new connection for anything else. New
     * connections are accepted as usual.
     */
    public void goAway() {
        synchronized (lifecycle) {
            if (server != null) {
                server.goAway();
            }
        }
        LOG.info("FCM emulator sent GOAWAY to its connections");
    }

    /** Every access token granted so far is answered with a 401 (without FcmError detail) from now on. */
    public void revokeAccessTokens() {
        int revoked = state.accessTokens().revokeAll();
        LOG.info("FCM emulator revoked {} access token(s)", revoked);
    }

    /** While true, {@code /token} answers 503 {@code {"error":"unavailable"}}. */
    public void setTokenEndpointFailing(boolean failing) {
        state.tokenEndpointFailing(failing);
    }

    /** A live view; see {@link EmulatorStats} for what is counted when. */
    public EmulatorStats stats() {
        return state.stats();
    }

    /** Zeroes the counters, forgets how often each flaky token has failed and the last messages. */
    public void resetStats() {
        state.resetStats();
    }

    /**
     * Writes {@code dir/emulator-service-account.json}: a service-account key file with a fresh RSA
     * key whose {@code token_uri} is {@link #tokenUrl()}, so google-auth-library gets its access
     * tokens here. Writing again creates another key; earlier files keep working.
     */
    public Path writeServiceAccountFile(Path dir, String projectId) {
        return state.serviceAccountKeys().writeFile(dir, projectId, tokenUrl());
    }

    /** Stops the server and its threads; answers still waiting for their latency are dropped. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            stopListening();
        }
        workers.shutdownNow();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Stopping the FCM emulator's Vert.x instance failed: {}", e.toString());
        }
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("FCM emulator on port {} stopped", port);
    }

    /** Runs the emulator as its own process until it is killed. */
    public static void main(String[] args) {
        EmulatorCommandLine options;
        try {
            options = EmulatorCommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(EmulatorCommandLine.USAGE);
            System.exit(2);
            return;
        }
        FcmEmulator emulator = start(options.settings());
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "fcm-emulator-shutdown"));
        options.serviceAccountDir().ifPresent(dir -> System.out.println(
                "Service account file: " + emulator.writeServiceAccountFile(dir, options.projectId())));
        System.out.println("FCM emulator listening on " + emulator.baseUrl());
        System.out.flush();
        // Vert.x threads are daemons and a refuse outage stops the server: keep the process alive here.
        awaitForever();
    }

    private static void awaitForever() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void listen(int wantedPort) {
        long deadline = System.nanoTime() + REBIND_PATIENCE.toNanos();
        while (true) {
            try {
                server = newServer(wantedPort);
                break;
            } catch (BindException e) {
                if (wantedPort == 0 || System.nanoTime() > deadline) {
                    throw new UncheckedIOException("cannot listen on 127.0.0.1:" + wantedPort, e);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
        port = server.port();
        state.tokenUrl(tokenUrl());
    }

    private EmulatorHttpServer newServer(int wantedPort) throws BindException {
        List<EmulatorHttpServer.Route> routes = List.of(
                new EmulatorHttpServer.Route(V1SendHandler.CONTEXT, new V1SendHandler(state), true),
                new EmulatorHttpServer.Route(LegacySendHandler.PATH, new LegacySendHandler(state), true),
                new EmulatorHttpServer.Route(OAuthTokenHandler.PATH, new OAuthTokenHandler(state), false),
                new EmulatorHttpServer.Route(AdminHandler.CONTEXT, new AdminHandler(this), false));
        return EmulatorHttpServer.start(vertx, new EmulatorHttpServer.Listen(LOOPBACK, wantedPort, ACCEPT_BACKLOG,
                eventLoops, maxConcurrentStreams, tls), routes, workers);
    }

    private void stopListening() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
