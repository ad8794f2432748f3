package io.pushgateway.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link FcmEmulator} starts: where it listens, which legacy server key it accepts,
 * how slowly it answers sends and how many worker threads it may use.
 *
 * @param port         TCP port on 127.0.0.1; 0 picks a free ephemeral port
 * @param legacyApiKey the only server key {@code /fcm/send} accepts ({@code Authorization: key=...})
 * @param latency      fixed delay added to every send answer
 * @param jitter       upper bound of a uniformly random extra delay added to every send answer
 * @param threads      upper bound of the HTTP server's event loops (which read requests, judge
 *                     sends and write answers; at most two, and no more than there are cores)
 *                     and size of the worker pool for the token and admin endpoints
 * @param maxConcurrentStreams SETTINGS_MAX_CONCURRENT_STREAMS advertised on each HTTP/2 connection
 *                     (Google's FCM endpoint advertises 100)
 */
public record EmulatorSettings(int port, String legacyApiKey, Duration latency, Duration jitter, int threads,
                               int maxConcurrentStreams) {

    public static final String DEFAULT_LEGACY_API_KEY = "emulator-legacy-key";
    public static final int DEFAULT_THREADS = 64;
    public static final int DEFAULT_MAX_CONCURRENT_STREAMS = 100;

    public EmulatorSettings {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be within 0..65535 but was " + port);
        }
        if (legacyApiKey == null || legacyApiKey.isBlank()) {
            throw new IllegalArgumentException("legacyApiKey must not be blank");
        }
        requireNotNegative(latency, "latency");
        requireNotNegative(jitter, "jitter");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1 but was " + threads);
        }
        if (maxConcurrentStreams < 1) {
            throw new IllegalArgumentException("maxConcurrentStreams must be at least 1 but was " + maxConcurrentStreams);
        }
    }

    /**
     * Ephemeral port, key {@value #DEFAULT_LEGACY_API_KEY}, no added latency, {@value #DEFAULT_THREADS}
     * threads, {@value #DEFAULT_MAX_CONCURRENT_STREAMS} streams per HTTP/2 connection.
     */
    public static EmulatorSettings defaults() {
        return new EmulatorSettings(0, DEFAULT_LEGACY_API_KEY, Duration.ZERO, Duration.ZERO, DEFAULT_THREADS,
                DEFAULT_MAX_CONCURRENT_STREAMS);
    }

    public EmulatorSettings withPort(int newPort) {
        return new EmulatorSettings(newPort, legacyApiKey, latency, jitter, threads, maxConcurrentStreams);
    }

    public EmulatorSettings withLegacyApiKey(String newKey) {
        return new EmulatorSettings(port, newKey, latency, jitter, threads, maxConcurrentStreams);
    }

    public EmulatorSettings withLatency(Duration newLatency) {
        return new EmulatorSettings(port, legacyApiKey, newLatency, jitter, threads, maxConcurrentStreams);
    }

    public EmulatorSettings withJitter(Duration newJitter) {
        return new EmulatorSettings(port, legacyApiKey, latency, newJitter, threads, maxConcurrentStreams);
    }

    public EmulatorSettings withThreads(int newThreads) {
        return new EmulatorSettings(port, legacyApiKey, latency, jitter, newThreads, maxConcurrentStreams);
    }

    public EmulatorSettings withMaxConcurrentStreams(int newMaxConcurrentStreams) {
        return new EmulatorSettings(port, legacyApiKey, latency, jitter, threads, newMaxConcurrentStreams);
    }

    static Duration requireNotNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative but was " + value);
        }
        return value;
    }
}
