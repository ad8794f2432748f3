package io.pushgateway.emulator;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

/**
 * Live, thread-safe counters of what the emulator answered. Counts change the moment just before
 * an answer is written, so once a client has read an answer the counters already include it.
 *
 * <p>Counts are kept per target: a registration token, an installation id, a topic name (without
 * {@code /topics/}) or a condition expression, keyed by that string ({@link #kindOf(String)} tells
 * which it was). The per-token names ({@link #deliveries(String)}, {@link #tokensReceived()}) are
 * kept from the time there were only tokens; they count every kind of target.
 *
 * <ul>
 *   <li>{@link #sendRequests()}: every answered request to a send endpoint (v1 or legacy), whatever
 *       its status; the token endpoint and the admin endpoints are not counted.</li>
 *   <li>{@link #attempts(String)} and {@link #tokensReceived()}: every target of a send request whose
 *       targets could be read, unless the request was turned away for its credentials (401).
 *       During an outage credentials are not checked, so those targets count as attempts.</li>
 *   <li>{@link #deliveries(String)}: success answers for the target; dry runs
 *       ({@code validate_only}, {@code dry_run}) deliver nothing and are not counted here but in
 *       {@link #validations(String)} (success answers to dry runs).</li>
 *   <li>{@link #project(String)}: per Firebase project of the v1 path, its sends, deliveries,
 *       validations and the service accounts whose access tokens authorized them.</li>
 * </ul>
 *
 * <p>The totals over all tokens (deliveries, distinct, duplicates) are kept as counters while
 * recording, so a summary costs the same with ten tokens or ten million.
 */
public final class EmulatorStats {

    /** Everything a reset forgets, swapped as a whole so a reset never leaves half-cleared counters. */
    private static final class Counters {
        final LongAdder sendRequests = new LongAdder();
        final LongAdder tokensReceived = new LongAdder();
        final LongAdder tokenRequests = new LongAdder();
        final LongAdder distinctDelivered = new LongAdder();
        final LongAdder duplicateDeliveries = new LongAdder();
        final LongAdder validations = new LongAdder();
        final Map<TargetKind, LongAdder> deliveriesByKind = adderPerKind();
        /** Epoch millis of the first and last answered send that addressed tokens (benchmarks: tokens/s). */
        final AtomicLong firstSendMillis = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong lastSendMillis = new AtomicLong(0);
        final Map<String, TargetHistory> byTarget = new ConcurrentHashMap<>();
        final Map<String, ProjectCounters> byProject = new ConcurrentHashMap<>();
    }

    private static final class ProjectCounters {
        final LongAdder sends = new LongAdder();
        final LongAdder deliveries = new LongAdder();
        final LongAdder validations = new LongAdder();
        final Set<String> accounts = ConcurrentHashMap.newKeySet();

        ProjectStats snapshot() {
            return new ProjectStats(sends.sum(), deliveries.sum(), validations.sum(), accounts.stream().sorted().toList());
        }
    }

    private volatile Counters counters = new Counters();
    /** Receipt minus the publisher's {@code bench_ts} data field, per send that carried one (1 ms buckets). */
    private final PublishLatencies publishLatencies = new PublishLatencies();

    EmulatorStats() {
    }

    public long sendRequests() {
        return counters.sendRequests.sum();
    }

    public long tokensReceived() {
        return counters.tokensReceived.sum();
    }

    public long deliveries(String token) {
        TargetHistory history = counters.byTarget.get(token);
        return history == null ? 0 : history.deliveries();
    }

    public long attempts(String token) {
        TargetHistory history = counters.byTarget.get(token);
        return history == null ? 0 : history.attempts();
    }

    /** Success answers to dry runs for {@code target}. */
    public long validations(String target) {
        TargetHistory history = counters.byTarget.get(target);
        return history == null ? 0 : history.validations();
    }

    /** Sum of {@link #validations(String)} over all targets. */
    public long totalValidations() {
        return counters.validations.sum();
    }

    /** A copy: later validations do not show up in it. */
    public Map<String, Long> validationsByTarget() {
        return nonZeroCopy(TargetHistory::validations);
    }

    /** What kind of target {@code target} was when first seen; empty if never. */
    public Optional<TargetKind> kindOf(String target) {
        return Optional.ofNullable(counters.byTarget.get(target)).map(TargetHistory::kind);
    }

    /** Deliveries per kind of target (kinds without any are left out). */
    public Map<TargetKind, Long> deliveriesByKind() {
        Map<TargetKind, Long> copy = new EnumMap<>(TargetKind.class);
        counters.deliveriesByKind.forEach((kind, count) -> {
            if (count.sum() > 0) {
                copy.put(kind, count.sum());
            }
        });
        return Map.copyOf(copy);
    }

    /** What v1 sends to {@code projectId} added up to; all zero for a project never seen. */
    public ProjectStats project(String projectId) {
        ProjectCounters project = counters.byProject.get(projectId);
        return project == null ? ProjectStats.NONE : project.snapshot();
    }

    /** Every project v1 sends went to, by name, sorted. */
    public Map<String, ProjectStats> projects() {
        Map<String, ProjectStats> copy = new TreeMap<>();
        counters.byProject.forEach((name, project) -> copy.put(name, project.snapshot()));
        return copy;
    }

    /** OAuth access tokens granted by {@code /token}. */
    public long tokenRequests() {
        return counters.tokenRequests.sum();
    }

    /** Sum of {@link #deliveries(String)} over all tokens. */
    public long totalDeliveries() {
        Counters now = counters;
        return now.distinctDelivered.sum() + now.duplicateDeliveries.sum();
    }

    /** A copy: later deliveries do not show up in it. */
    public Map<String, Long> deliveriesByToken() {
        return nonZeroCopy(TargetHistory::deliveries);
    }

    /** A copy: later attempts do not show up in it. */
    public Map<String, Long> attemptsByToken() {
        return nonZeroCopy(TargetHistory::attempts);
    }

    /**
     * When each attempt of {@code token} arrived (epoch millis, in order), so a test can check the
     * spacing of retries, e.g. that nothing was resent before a Retry-After ran out.
     */
    public List<Long> attemptTimes(String token) {
        TargetHistory history = counters.byTarget.get(token);
        return history == null ? List.of() : history.attemptTimes();
    }

    /**
     * {@code project} is the v1 path's project (null for legacy sends), {@code account} the service
     * account whose access token authorized the send (null when none did).
     */
    void recordSend(String project, String account, SendTally tally) {
        Counters now = counters;
        now.sendRequests.increment();
        if (project != null) {
            recordForProject(now, project, account, tally);
        }
        List<String> attempted = tally.attemptedTargets();
        if (attempted.isEmpty()) {
            return;
        }
        long millis = System.currentTimeMillis();
        now.tokensReceived.add(attempted.size());
        // Plain reads first: the CAS loops only run when the value really moves.
        if (millis < now.firstSendMillis.get()) {
            now.firstSendMillis.accumulateAndGet(millis, Math::min);
        }
        if (millis > now.lastSendMillis.get()) {
            now.lastSendMillis.accumulateAndGet(millis, Math::max);
        }
        TargetKind kind = tally.kind();
        for (String target : attempted) {
            historyOf(now, kind, target).attempted(millis);
        }
        List<String> delivered = tally.deliveredTargets();
        for (String target : delivered) {
            long deliveries = historyOf(now, kind, target).delivered();
            (deliveries == 1 ? now.distinctDelivered : now.duplicateDeliveries).increment();
        }
        if (!delivered.isEmpty()) {
            now.deliveriesByKind.get(kind).add(delivered.size());
        }
        for (String target : tally.validatedTargets()) {
            historyOf(now, kind, target).validated();
            now.validations.increment();
        }
    }

    private static void recordForProject(Counters now, String name, String account, SendTally tally) {
        ProjectCounters project = now.byProject.get(name);
        if (project == null) {
            project = now.byProject.computeIfAbsent(name, ignored -> new ProjectCounters());
        }
        project.sends.increment();
        project.deliveries.add(tally.deliveredTargets().size());
        project.validations.add(tally.validatedTargets().size());
        // A set lookup first: adding to a concurrent set that already holds the account still locks.
        if (account != null && !project.accounts.contains(account)) {
            project.accounts.add(account);
        }
    }

    /** First answered send with tokens (epoch millis), or 0 before any. */
    public long firstSendMillis() {
        long first = counters.firstSendMillis.get();
        return first == Long.MAX_VALUE ? 0 : first;
    }

    /** Last answered send with tokens (epoch millis), or 0 before any. */
    public long lastSendMillis() {
        return counters.lastSendMillis.get();
    }

    /** Tokens with at least one delivery. */
    public long distinctDelivered() {
        return counters.distinctDelivered.sum();
    }

    /** Deliveries beyond the first, summed over all tokens (tokens sent twice or more). */
    public long duplicateDeliveries() {
        return counters.duplicateDeliveries.sum();
    }

    PublishLatencies publishLatencies() {
        return publishLatencies;
    }

    void recordTokenGrant() {
        counters.tokenRequests.increment();
    }

    void reset() {
        counters = new Counters();
        publishLatencies.reset();
    }

    private static TargetHistory historyOf(Counters counters, TargetKind kind, String target) {
        TargetHistory history = counters.byTarget.get(target);
        return history != null ? history : counters.byTarget.computeIfAbsent(target, ignored -> new TargetHistory(kind));
    }

    private static Map<TargetKind, LongAdder> adderPerKind() {
        Map<TargetKind, LongAdder> adders = new EnumMap<>(TargetKind.class);
        for (TargetKind kind : TargetKind.values()) {
            adders.put(kind, new LongAdder());
        }
        return adders;
    }

    private Map<String, Long> nonZeroCopy(ToLongFunction<TargetHistory> count) {
        Map<String, Long> copy = new HashMap<>();
        counters.byTarget.forEach((target, history) -> {
            long value = count.applyAsLong(history);
            if (value > 0) {
                copy.put(target, value);
            }
        });
        return Map.copyOf(copy);
    }
}
