package io.pushgateway.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Reads a growing count (the emulator's sends to one project) every 50 ms on a thread of its own
 * and gives the rate over any window since it started, from the two samples nearest the window's
 * ends (linear between samples): at 3,000/s a 10 s window is off by well under 0.5 %.
 */
final class RateSampler implements AutoCloseable {

    private static final long POLL_MILLIS = 50;

    private record Sample(long nanos, long count) {
    }

    private final LongSupplier count;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private RateSampler(LongSupplier count) {
        this.count = count;
        this.thread = new Thread(this::watch, "rate-sampler");
        thread.setDaemon(true);
    }

    static RateSampler start(LongSupplier count) {
        RateSampler sampler = new RateSampler(count);
        sampler.thread.start();
        return sampler;
    }

    private void watch() {
        while (running) {
            Sample sample = new Sample(System.nanoTime(), count.getAsLong());
            synchronized (samples) {
                samples.add(sample);
            }
            GatewayProcess.pause(POLL_MILLIS);
        }
    }

    /** Whether a sample at or after {@code nanos} (a System.nanoTime) was taken: a window ending there can be read. */
    boolean covers(long nanos) {
        synchronized (samples) {
            return !samples.isEmpty() && samples.get(samples.size() - 1).nanos() >= nanos;
        }
    }

    /** Counted per second between {@code fromNanos} and {@code toNanos}, both covered. */
    double perSecond(long fromNanos, long toNanos) {
        return (countAt(toNanos) - countAt(fromNanos)) * 1e9 / (toNanos - fromNanos);
    }

    /** The count at {@code nanos}, between the samples on either side of it. */
    private double countAt(long nanos) {
        synchronized (samples) {
            for (int i = 1; i < samples.size(); i++) {
                Sample after = samples.get(i);
                if (after.nanos() >= nanos) {
                    Sample before = samples.get(i - 1);
                    if (after.nanos() == before.nanos() || nanos <= before.nanos()) {
                        return before.count();
                    }
                    double share = (double) (nanos - before.nanos()) / (after.nanos() - before.nanos());
                    return before.count() + share * (after.count() - before.count());
                }
            }
            throw new IllegalStateException("no sample at or after the window's end yet");
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
