package io.pushgateway.emulator;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;

/**
 * A load generator cheap enough to find the emulator's own ceiling: {@code concurrency} keep-alive
 * HTTP/1.1 connections, each a closed loop (write one pre-built request, read status line, headers
 * and Content-Length body, send the next), all driven by one NIO thread ({@link LoadLoop}). Per call
 * it only patches a sequence number into the request bytes ({@link PatchableRequest}), so every call
 * addresses tokens never seen before, as the gateway's do.
 *
 * <p>Only 200 answers completed inside the measuring window count. The run stops by itself after
 * {@code warmUp + duration}, whatever the emulator does: calls still in flight then are abandoned.
 */
public final class EmulatorLoadGenerator {

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
    public record Result(int concurrency, int tokensPerCall, long calls, long tokens, double seconds,
                         Map<Integer, Long> otherStatuses, long ioFailures, double generatorCpuSeconds,
                         double runSeconds) {

        public double tokensPerSecond() {
            return tokens / seconds;
        }
    }

    private EmulatorLoadGenerator() {
    }

    /** Runs {@code concurrency} closed loops for {@code warmUp} (not counted) plus {@code duration} (counted). */
    public static Result run(Target target, int concurrency, Duration warmUp, Duration duration) throws IOException {
        if (concurrency < 1 || target.tokensPerCall() < 1) {
            throw new IllegalArgumentException("concurrency and tokensPerCall must be at least 1");
        }
        long cpuBefore = processCpuNanos();
        long started = System.nanoTime();
        long countFrom = started + warmUp.toNanos();
        LoadLoop loop = new LoadLoop(target, concurrency, countFrom, countFrom + duration.toNanos());
        loop.run();
        double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
        long calls = loop.okCalls();
        return new Result(concurrency, target.tokensPerCall(), calls, calls * target.tokensPerCall(),
                duration.toNanos() / 1e9, loop.otherStatuses(), loop.ioFailures(), cpuSeconds,
                (System.nanoTime() - started) / 1e9);
    }

    private static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }
}
