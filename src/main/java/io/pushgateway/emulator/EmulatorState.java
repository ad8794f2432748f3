package io.pushgateway.emulator;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Everything the request handlers share and the control API changes. It outlives the HTTP server,
 * which is replaced when a {@link Outage.RefuseConnections} outage ends.
 */
final class EmulatorState {

    private final EmulatorSettings settings;
    private final Clock clock;
    private final AtomicReference<Outage> outage = new AtomicReference<>(Outage.none());
    /** Outages of single projects' v1 sends; a whole-service outage other than none goes first. */
    private final Map<String, Outage> projectOutages = new ConcurrentHashMap<>();
    private final LastMessages lastMessages = new LastMessages();
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

    /** The outage in force for sends to {@code project} (null: not a v1 send). */
    Outage outageFor(String project) {
        Outage whole = outage.get();
        if (!(whole instanceof Outage.None) || project == null || projectOutages.isEmpty()) {
            return whole;
        }
        return projectOutages.getOrDefault(project, whole);
    }

    /** {@link Outage#none()} ends the project's own outage. */
    void projectOutage(String project, Outage next) {
        if (next instanceof Outage.None) {
            projectOutages.remove(project);
        } else {
            projectOutages.put(project, next);
        }
    }

    /** A sorted copy. */
    Map<String, Outage> projectOutages() {
        return new TreeMap<>(projectOutages);
    }

    void clearProjectOutages() {
        projectOutages.clear();
    }

    LastMessages lastMessages() {
        return lastMessages;
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

    /** Starts over: counters, flaky-token progress and the last messages. */
    void resetStats() {
        stats.reset();
        tokenRules.forgetFlakyAttempts();
        lastMessages.clear();
    }
}
