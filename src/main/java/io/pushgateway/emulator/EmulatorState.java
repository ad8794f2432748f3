package io.pushgateway.emulator;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Everything the request handlers share and the control API changes. It outlives the HTTP server,
 * which is replaced when a {@link Outage.RefuseConnections} outage ends.
 */
final class EmulatorState {

    private final EmulatorSettings settings;
    private final Clock clock;
    private final AtomicReference<Outage> outage = new AtomicReference<>(Outage.none());
    private final AtomicReference<LatencyProfile> latency;
    private final EmulatorStats stats = new EmulatorStats();
    private final TokenRules tokenRules = new TokenRules();
    private final AccessTokens accessTokens;
    private final ServiceAccountKeys serviceAccountKeys = new ServiceAccountKeys();
    private final MessageIds messageIds = new MessageIds();
    private volatile boolean tokenEndpointFailing;
    private volatile String tokenUrl = "";

    EmulatorState(EmulatorSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.latency = new AtomicReference<>(new LatencyProfile(settings.latency(), settings.jitter()));
        this.accessTokens = new AccessTokens(clock);
    }

    EmulatorSettings settings() {
        return settings;
    }

    Clock clock() {
        return clock;
    }

    Outage outage() {
        return outage.get();
    }

    void outage(Outage next) {
        outage.set(next);
    }

    LatencyProfile latency() {
        return latency.get();
    }

    void latency(Duration fixed, Duration jitter) {
        latency.set(new LatencyProfile(fixed, jitter));
    }

    EmulatorStats stats() {
        return stats;
    }

    TokenRules tokenRules() {
        return tokenRules;
    }

    AccessTokens accessTokens() {
        return accessTokens;
    }

    ServiceAccountKeys serviceAccountKeys() {
        return serviceAccountKeys;
    }

    MessageIds messageIds() {
        return messageIds;
    }

    boolean tokenEndpointFailing() {
        return tokenEndpointFailing;
    }

    void tokenEndpointFailing(boolean failing) {
        tokenEndpointFailing = failing;
    }

    /** Known only once the port is bound; JWT audiences may name it. */
    String tokenUrl() {
        return tokenUrl;
    }

    void tokenUrl(String url) {
        tokenUrl = url;
    }

    /** Starts over: counters and flaky-token progress. */
    void resetStats() {
        stats.reset();
        tokenRules.forgetFlakyAttempts();
    }
}
