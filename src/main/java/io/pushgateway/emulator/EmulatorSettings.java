package io.pushgateway.emulator;

import java.nio.file.Path;
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
 * @param tlsCertificate PEM certificate (chain) to serve HTTPS with, HTTP/2 by ALPN; null (the
 *                     default) serves plain HTTP/1.1 and h2c. Clients verify its names, so it needs
 *                     a subject alternative name for 127.0.0.1.
 * @param tlsKey       the certificate's PEM private key (PKCS#8 or PKCS#1); set exactly when
 *                     {@code tlsCertificate} is
 */
public record EmulatorSettings(int port, String legacyApiKey, Duration latency, Duration jitter, int threads,
                               int maxConcurrentStreams, Path tlsCertificate, Path tlsKey) {

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
        if ((tlsCertificate == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("HTTPS needs both a certificate and its key, or neither for plain HTTP");
        }
    }

    /** Plain HTTP (no TLS), as before HTTPS was an option. */
    public EmulatorSettings(int port, String legacyApiKey, Duration latency, Duration jitter, int threads,
                            int maxConcurrentStreams) {
        this(port, legacyApiKey, latency, jitter, threads, maxConcurrentStreams, null, null);
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
        return new EmulatorSettings(newPort, legacyApiKey, latency, jitter, threads, maxConcurrentStreams, tlsCertificate, tlsKey);
    }

    public EmulatorSettings withLegacyApiKey(String newKey) {
        return new EmulatorSettings(port, newKey, latency, jitter, threads, maxConcurrentStreams, tlsCertificate, tlsKey);
    }

    public EmulatorSettings withLatency(Duration newLatency) {
        return new EmulatorSettings(port, legacyApiKey, newLatency, jitter, threads, maxConcurrentStreams, tlsCertificate, tlsKey);
    }

    public EmulatorSettings withJitter(Duration newJitter) {
        return new EmulatorSettings(port, legacyApiKey, latency, newJitter, threads, maxConcurrentStreams, tlsCertificate, tlsKey);
    }

    public EmulatorSettings withThreads(int newThreads) {
        return new EmulatorSettings(port, legacyApiKey, latency, jitter, newThreads, maxConcurrentStreams, tlsCertificate, tlsKey);
    }

    public EmulatorSettings withMaxConcurrentStreams(int newMaxConcurrentStreams) {
        return new EmulatorSettings(port, legacyApiKey, latency, jitter, threads, newMaxConcurrentStreams, tlsCertificate, tlsKey);
    }

    /** Serves HTTPS (HTTP/2 by ALPN, HTTP/1.1 otherwise) with this PEM certificate and key. */
    public EmulatorSettings withTls(Path certificate, Path key) {
        return new EmulatorSettings(port, legacyApiKey, latency, jitter, threads, maxConcurrentStreams,
                Objects.requireNonNull(certificate, "certificate"), Objects.requireNonNull(key, "key"));
    }

    public boolean tls() {
        return tlsCertificate != null;
    }

    static Duration requireNotNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative but was " + value);
        }
        return value;
    }
}
