package io.pushgateway.emulator;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * A load generator cheap enough to find the emulator's own ceiling: {@code concurrency} closed
 * loops (send one request, read its answer, send the next). Over HTTP/1.1 each loop is a
 * keep-alive connection and one NIO thread drives them all, writing pre-built request bytes and
 * parsing answers by hand ({@link LoadLoop}); over h2c the loops share connections,
 * {@value #STREAMS_PER_CONNECTION} streams each as the gateway's client does, driven by one
 * Vert.x event loop ({@link H2cLoadLoop}). Per call it only patches a sequence number into the
 * request ({@link PatchableRequest}), so every call addresses tokens never seen before, as the
 * gateway's do.
 *
 * <p>Only 200 answers completed inside the measuring window count. Over h2c the warm-up starts
 * once every loop has had one answer (at most {@link H2cLoadLoop#PRIME_PATIENCE} after the
 * start), so the client's own start-up is never measured. The run stops by itself after
 * {@code warmUp + duration}, whatever the emulator does: calls still in flight then are abandoned.
 */
public final class EmulatorLoadGenerator {

    /** Google's (and the emulator's default) SETTINGS_MAX_CONCURRENT_STREAMS. */
    static final int STREAMS_PER_CONNECTION = 100;

    /** How the calls travel: the protocol the gateway's FCM client uses should be the one measured. */
    public enum Protocol {
        HTTP_1_1, H2C;

        /** {@code http1}, {@code http/1.1} or {@code h2c}, any case. */
        public static Protocol parse(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "http1", "http/1.1", "http_1_1" -> HTTP_1_1;
                case "h2c", "http2", "h2" -> H2C;
                default -> throw new IllegalArgumentException("protocol must be http1 or h2c but was '" + name + "'");
            };
        }
    }

    /** What to send: one v1 token per call (with a bearer token) or a legacy multicast. */
    public record Target(String host, int port, String path, String authorization, boolean v1, int tokensPerCall) {

        public static Target v1(String host, int port, String projectId, String accessToken) {
            return new Target(host, port, "/v1/projects/" + projectId + "/messages:send", "Bearer " + accessToken, true, 1);
        }

        public static Target legacy(String host, int port, String serverKey, int tokensPerCall) {
            return new Target(host, port, "/fcm/send", "key=" + serverKey, false, tokensPerCall);
        }
    }

    /**
     * The figures of one run: {@code calls}, {@code tokens} and statuses over the measured
     * {@code seconds}. {@code generatorCpuSeconds} is this whole JVM's CPU time over the whole run,
     * warm-up included ({@code runSeconds}): the generator thread plus GC and JIT, which is what the
     * generator takes away from a shared machine.
     */
    public record Result(Protocol protocol, int concurrency, int tokensPerCall, long calls, long tokens, double seconds,
                         Map<Integer, Long> otherStatuses, long ioFailures, double generatorCpuSeconds,
                         double runSeconds) {

        public double tokensPerSecond() {
            return tokens / seconds;
        }
    }

    private EmulatorLoadGenerator() {
    }

    /** Over HTTP/1.1; see {@link #run(Target, Protocol, int, Duration, Duration)}. */
    public static Result run(Target target, int concurrency, Duration warmUp, Duration duration)
            throws IOException, InterruptedException {
        return run(target, Protocol.HTTP_1_1, concurrency, warmUp, duration);
    }

    /** Runs {@code concurrency} closed loops for {@code warmUp} (not counted) plus {@code duration} (counted). */
    public static Result run(Target target, Protocol protocol, int concurrency, Duration warmUp, Duration duration)
            throws IOException, InterruptedException {
        if (concurrency < 1 || target.tokensPerCall() < 1) {
            throw new IllegalArgumentException("concurrency and tokensPerCall must be at least 1");
        }
        long cpuBefore = processCpuNanos();
        long started = System.nanoTime();
        long calls;
        Map<Integer, Long> otherStatuses;
        long ioFailures;
        if (protocol == Protocol.H2C) {
            try (H2cLoadLoop loop = new H2cLoadLoop(target, concurrency)) {
                loop.run(warmUp, duration);
                calls = loop.okCalls();
                otherStatuses = loop.otherStatuses();
                ioFailures = loop.ioFailures();
            }
        } else {
            long countFrom = started + warmUp.toNanos();
            LoadLoop loop = new LoadLoop(target, concurrency, countFrom, countFrom + duration.toNanos());
            loop.run();
            calls = loop.okCalls();
            otherStatuses = loop.otherStatuses();
            ioFailures = loop.ioFailures();
        }
        double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
        return new Result(protocol, concurrency, target.tokensPerCall(), calls, calls * target.tokensPerCall(),
                duration.toNanos() / 1e9, otherStatuses, ioFailures, cpuSeconds,
                (System.nanoTime() - started) / 1e9);
    }

    private static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }
}
