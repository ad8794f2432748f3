package io.pushgateway.emulator;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Publish-to-receipt latencies for benchmarks: a send whose data carries {@code "bench_ts":"<epoch
 * millis>"} (set by the publisher) records receipt time minus that stamp, in 1 ms buckets up to a
 * minute. Sends without the field cost one byte scan and record nothing. Package-private: a
 * benchmark in another process reads these figures from {@code GET /emulator/summary}.
 */
final class PublishLatencies {

    static final byte[] MARKER = "\"bench_ts\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final int BUCKETS = 60_000;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS + 1);
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong max = new AtomicLong();

    /** Records {@code receivedMillis - bench_ts} when {@code body} has the field. */
    void recordFrom(byte[] body, long receivedMillis) {
        int at = indexOf(body, MARKER);
        if (at < 0) {
            return;
        }
        long stamp = 0;
        int digits = 0;
        for (int i = at + MARKER.length; i < body.length && body[i] >= '0' && body[i] <= '9' && digits < 18; i++, digits++) {
            stamp = stamp * 10 + (body[i] - '0');
        }
        if (digits > 0) {
            record(Math.max(0, receivedMillis - stamp));
        }
    }

    void record(long millis) {
        counts.incrementAndGet((int) Math.min(millis, BUCKETS));
        count.incrementAndGet();
        max.accumulateAndGet(millis, Math::max);
    }

    public long count() {
        return count.get();
    }

    public long max() {
        return max.get();
    }

    /** The smallest bucket (ms) at or below which {@code percent} % of the samples lie; -1 without samples. */
    public long percentile(double percent) {
        long total = count.get();
        if (total == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(total * percent / 100.0);
        long seen = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return i;
            }
        }
        return BUCKETS;
    }

    void reset() {
        for (int i = 0; i <= BUCKETS; i++) {
            counts.set(i, 0);
        }
        count.set(0);
        max.set(0);
    }

    static int indexOf(byte[] body, byte[] marker) {
        outer:
        for (int i = 0; i <= body.length - marker.length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (body[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
