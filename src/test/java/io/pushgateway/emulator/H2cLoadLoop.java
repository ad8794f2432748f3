package io.pushgateway.emulator;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

/**
 * The h2c counterpart of {@link LoadLoop}: all closed loops of one load run on a single Vert.x
 * event loop, each with exactly one call in flight, starting the next as soon as the answer's
 * body is read. The loops share as few HTTP/2 connections as the emulator's stream limit allows,
 * as the gateway's client does. Counters are only touched on that one thread.
 */
final class H2cLoadLoop implements AutoCloseable {

    /** The longest wait for every loop's first answer, e.g. while the emulator hangs in a timeout outage. */
    static final Duration PRIME_PATIENCE = Duration.ofSeconds(10);

    private final EmulatorLoadGenerator.Target target;
    private final int concurrency;
    private final Vertx vertx;
    private final HttpClient client;
    /** Until the window opens, nothing counts and nothing stops. */
    private long countFrom = Long.MAX_VALUE;
    private long stopAt = Long.MAX_VALUE;
    private boolean windowStarted;
    private int primedLoops;
    private long primeTimer;
    private Runnable onPrimed;
    private final Map<Integer, Long> otherStatuses = new TreeMap<>();
    private long okCalls;
    private long ioFailures;

    /** Starts Vert.x up front, so its start-up does not eat into the measured window. */
    H2cLoadLoop(EmulatorLoadGenerator.Target target, int concurrency) {
        this.target = target;
        this.concurrency = concurrency;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1).setUseDaemonThread(true)
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false)));
        this.client = vertx.createHttpClient(clientOptions(), poolOptions());
    }

    long okCalls() {
        return okCalls;
    }

    long ioFailures() {
        return ioFailures;
    }

    Map<Integer, Long> otherStatuses() {
        return otherStatuses;
    }

    /**
     * Runs {@code warmUp} (not counted) plus {@code duration} (counted), both starting once every
     * loop has had its first answer (connections open, client code warmed up) or after
     * {@link #PRIME_PATIENCE}, whichever comes first. Calls still in flight at the end are
     * abandoned: they would not count anyway.
     */
    void run(Duration warmUp, Duration duration) throws InterruptedException {
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setURI(target.path())
                .putHeader("Authorization", target.authorization())
                .putHeader("Content-Type", "application/json; charset=UTF-8");
        CountDownLatch stopped = new CountDownLatch(1);
        Context context = vertx.getOrCreateContext();
        context.runOnContext(start -> {
            primeTimer = vertx.setTimer(PRIME_PATIENCE.toMillis(), late -> startWindow(warmUp, duration, stopped));
            onPrimed = () -> startWindow(warmUp, duration, stopped);
            for (int i = 0; i < concurrency; i++) {
                new ClosedLoop(client, request, PatchableRequest.bodyOnly(target, i)).sendNext();
            }
        });
        // Counted down on the loop after its last counted call: the counters are visible here afterwards.
        stopped.await();
    }

    /** Opens the counting window; on the loop, once. */
    private void startWindow(Duration warmUp, Duration duration, CountDownLatch stopped) {
        if (windowStarted) {
            return;
        }
        windowStarted = true;
        vertx.cancelTimer(primeTimer);
        countFrom = System.nanoTime() + warmUp.toNanos();
        stopAt = countFrom + duration.toNanos();
        vertx.setTimer(Math.max(1, warmUp.plus(duration).toMillis()), timer -> stopped.countDown());
    }

    private void firstAnswerOfALoop() {
        if (++primedLoops == concurrency) {
            onPrimed.run();
        }
    }

    @Override
    public void close() {
        vertx.close();
    }

    private HttpClientOptions clientOptions() {
        HttpClientOptions options = new HttpClientOptions()
                .setDefaultHost(target.host())
                .setDefaultPort(target.port())
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setConnectTimeout(5_000)
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false)
                .setHttp2MultiplexingLimit(EmulatorLoadGenerator.STREAMS_PER_CONNECTION);
        return options;
    }

    private PoolOptions poolOptions() {
        int h2Connections = (concurrency + EmulatorLoadGenerator.STREAMS_PER_CONNECTION - 1)
                / EmulatorLoadGenerator.STREAMS_PER_CONNECTION;
        return new PoolOptions().setHttp2MaxSize(h2Connections);
    }

    private void count(int status) {
        long now = System.nanoTime();
        if (now < countFrom || now > stopAt) {
            return;
        }
        if (status == 200) {
            okCalls++;
        } else {
            otherStatuses.merge(status, 1L, Long::sum);
        }
    }

    /** One call in flight at a time, each addressing tokens never seen before. */
    private final class ClosedLoop {

        private final HttpClient client;
        private final RequestOptions request;
        private final PatchableRequest body;
        private long sequence;
        private boolean answeredOnce;

        ClosedLoop(HttpClient client, RequestOptions request, PatchableRequest body) {
            this.client = client;
            this.request = request;
            this.body = body;
        }

        void sendNext() {
            if (System.nanoTime() >= stopAt) {
                return;
            }
            body.patchSequence(sequence++);
            // Buffer.buffer copies the bytes, so the next patch cannot change a request still being written.
            Buffer bytes = Buffer.buffer(body.bytes());
            Future<Integer> status = client.request(request)
                    .compose(call -> call.send(bytes))
                    .compose(answer -> answer.body().map(ignored -> answer.statusCode()));
            status.onComplete(result -> {
                if (result.succeeded()) {
                    count(result.result());
                } else if (System.nanoTime() < stopAt) {
                    ioFailures++;
                }
                if (!answeredOnce) {
                    answeredOnce = true;
                    firstAnswerOfALoop();
                }
                sendNext();
            });
        }
    }
}
