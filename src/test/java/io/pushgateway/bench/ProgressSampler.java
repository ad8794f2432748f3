package io.pushgateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Follows one phase while it runs: every {@code period} it reads the emulator's token count, the
 * gateway's CPU time and the broker's (its Erlang VM's, when known), so that a rate and the CPU per
 * token of either can be taken over any part of the phase (the steady-state run leaves out its
 * first tokens, when the JIT is still compiling).
 * Stops when {@code expected} distinct tokens are delivered, progress stops for a minute, the
 * phase times out or the gateway exits.
 */
final class ProgressSampler {

    /** One reading: benchmark clock, tokens the emulator received (answered or not), gateway CPU, broker CPU (-1: unknown). */
    record Sample(long nanos, long tokensReceived, double gatewayCpuSeconds, double brokerCpuSeconds) {

        Sample(long nanos, long tokensReceived, double gatewayCpuSeconds) {
            this(nanos, tokensReceived, gatewayCpuSeconds, -1);
        }
    }

    /** A part of the phase between two token counts: its length, tokens, gateway CPU and broker CPU (-1: unknown). */
    record Window(double seconds, long tokens, double gatewayCpuSeconds, double brokerCpuSeconds) {

        Window(double seconds, long tokens, double gatewayCpuSeconds) {
            this(seconds, tokens, gatewayCpuSeconds, -1);
        }

        double tokensPerSecond() {
            return seconds > 0 ? tokens / seconds : 0;
        }

        double cpuMicrosPerToken() {
            return tokens > 0 ? gatewayCpuSeconds * 1e6 / tokens : 0;
        }

        /** The gateway's CPU per request of {@code tokensPerRequest} tokens. */
        double cpuMicrosPerRequest(int tokensPerRequest) {
            return cpuMicrosPerToken() * tokensPerRequest;
        }

        /** The broker's CPU per request of {@code tokensPerRequest} tokens; -1 when the broker's CPU is unknown. */
        double brokerCpuMicrosPerRequest(int tokensPerRequest) {
            if (brokerCpuSeconds < 0 || tokens <= 0) {
                return -1;
            }
            return brokerCpuSeconds * 1e6 / tokens * tokensPerRequest;
        }
    }

    /** How the phase ended. */
    enum End { DELIVERED, STALLED, TIMED_OUT, GATEWAY_EXITED }

    private static final Duration STALL = Duration.ofSeconds(60);

    private final EmulatorClient emulator;
    private final BenchJvm gateway;
    private final Duration period;
    private final DoubleSupplier brokerCpu;
    private final List<Sample> samples = new ArrayList<>();
    private End end;

    ProgressSampler(EmulatorClient emulator, BenchJvm gateway, Duration period) {
        this(emulator, gateway, period, () -> -1);
    }

    /** {@code brokerCpu}: the broker's CPU seconds so far (-1 when unknown), read with every sample. */
    ProgressSampler(EmulatorClient emulator, BenchJvm gateway, Duration period, DoubleSupplier brokerCpu) {
        this.emulator = emulator;
        this.gateway = gateway;
        this.period = period;
        this.brokerCpu = brokerCpu;
    }

    /** Samples until {@code expected} distinct tokens were delivered or the phase cannot finish. */
    End follow(long expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastProgress = System.nanoTime();
        long lastDistinct = -1;
        while (true) {
            JsonNode summary = emulator.summary();
            long now = System.nanoTime();
            samples.add(new Sample(now, summary.path("tokensReceived").asLong(), gateway.cpuSeconds(),
                    brokerCpu.getAsDouble()));
            long distinct = summary.path("distinctDelivered").asLong();
            if (distinct >= expected) {
                return end = End.DELIVERED;
            }
            if (distinct != lastDistinct) {
                lastDistinct = distinct;
                lastProgress = now;
            } else if (now - lastProgress > STALL.toNanos()) {
                System.out.println("  no progress for " + STALL.toSeconds() + " s at " + distinct + "/" + expected);
                return end = End.STALLED;
            }
            if (!gateway.isAlive()) {
                System.out.println("  the gateway exited (" + gateway.exitValue() + ") at " + distinct + "/" + expected
                        + ":\n" + gateway.tail());
                return end = End.GATEWAY_EXITED;
            }
            if (now > deadline) {
                System.out.println("  phase timeout after " + timeout + " at " + distinct + "/" + expected + "\n" + gateway.tail());
                return end = End.TIMED_OUT;
            }
            BenchJvm.pause(period.toMillis());
        }
    }

    End end() {
        return end;
    }

    /**
     * The part of the phase from the moment {@code fromTokens} had been received to the moment
     * {@code toTokens} had (both interpolated between readings, CPU likewise); {@code toTokens} is
     * capped at what was received.
     */
    Window window(long fromTokens, long toTokens) {
        return window(samples, fromTokens, toTokens);
    }

    static Window window(List<Sample> samples, long fromTokens, long toTokens) {
        if (samples.isEmpty()) {
            return new Window(0, 0, 0, -1);
        }
        long received = samples.get(samples.size() - 1).tokensReceived();
        long to = Math.min(toTokens, received);
        long from = Math.min(fromTokens, to);
        Sample a = at(samples, from);
        Sample b = at(samples, to);
        double broker = a.brokerCpuSeconds() < 0 || b.brokerCpuSeconds() < 0 ? -1
                : b.brokerCpuSeconds() - a.brokerCpuSeconds();
        return new Window((b.nanos() - a.nanos()) / 1e9, to - from, b.gatewayCpuSeconds() - a.gatewayCpuSeconds(), broker);
    }

    /** The reading interpolated at the moment {@code tokens} had been received. */
    private static Sample at(List<Sample> samples, long tokens) {
        Sample before = samples.get(0);
        for (Sample s : samples) {
            if (s.tokensReceived() >= tokens) {
                if (s == before || s.tokensReceived() == before.tokensReceived()) {
                    return s;
                }
                double f = (tokens - before.tokensReceived()) / (double) (s.tokensReceived() - before.tokensReceived());
                double broker = before.brokerCpuSeconds() < 0 || s.brokerCpuSeconds() < 0 ? -1
                        : before.brokerCpuSeconds() + f * (s.brokerCpuSeconds() - before.brokerCpuSeconds());
                return new Sample(before.nanos() + Math.round(f * (s.nanos() - before.nanos())), tokens,
                        before.gatewayCpuSeconds() + f * (s.gatewayCpuSeconds() - before.gatewayCpuSeconds()), broker);
            }
            before = s;
        }
        return samples.get(samples.size() - 1);
    }
}
