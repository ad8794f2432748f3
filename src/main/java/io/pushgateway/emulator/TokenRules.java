package io.pushgateway.emulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides each registration token's fate from its prefix, so a test picks an outcome just by naming
 * the token. The same token name works on both APIs.
 *
 * <table>
 *   <caption>Token rules</caption>
 *   <tr><th>Token</th><th>v1 {@code messages:send}</th><th>legacy {@code /fcm/send} result</th></tr>
 *   <tr><td>{@code error-<CODE>-<anything>} (the {@code -<anything>} part is optional)</td>
 *       <td>the v1 error for CODE, see {@link V1ErrorAnswers#forRequestedCode(String)}</td>
 *       <td>{@code {"error":"<legacy name for CODE>"}}, see {@link LegacyErrorNames#forRequestedCode(String)}</td></tr>
 *   <tr><td>{@code canonical-<anything>}</td>
 *       <td>200 success</td>
 *       <td>success with {@code "registration_id":"new-<token>"}</td></tr>
 *   <tr><td>{@code flaky<N>-<anything>}, e.g. {@code flaky2-abc}</td>
 *       <td>the first N attempts of this exact token: 503 UNAVAILABLE (FcmError UNAVAILABLE); then 200</td>
 *       <td>the first N attempts: {@code {"error":"Unavailable"}}; then success</td></tr>
 *   <tr><td>anything else (also {@code error-} with an empty CODE, or {@code flaky-x} without N)</td>
 *       <td>200 success</td><td>success</td></tr>
 * </table>
 *
 * <p>CODE is everything after {@code error-} up to the next {@code -}; it may be a v1 errorCode
 * (UNREGISTERED, SENDER_ID_MISMATCH, QUOTA_EXCEEDED, UNAVAILABLE, INTERNAL, THIRD_PARTY_AUTH_ERROR,
 * UNSPECIFIED_ERROR, INVALID_ARGUMENT), our alias INVALID_PAYLOAD (a payload problem, not a token
 * problem), a legacy error name (NotRegistered, InvalidRegistration, MismatchSenderId, ...) or any
 * other string. Each API maps names of the other API to its own equivalent where one exists and
 * echoes unknown names verbatim.
 *
 * <p>The same rules decide for every kind of target ({@link TargetKind}): installation ids
 * ({@code message.fid}), topics (v1 {@code message.topic}, legacy {@code to: /topics/<name>}) and
 * each topic a condition names, in order (the first failing one answers). A canonical topic is
 * just delivered. An INVALID_ARGUMENT names the target's own field ({@code message.fid},
 * {@code message.topic}, {@code message.condition}).
 *
 * <p>Flaky attempts are counted only when the token rules are consulted, i.e. not while an
 * {@link Outage} answers for the emulator, and they are forgotten by {@link FcmEmulator#resetStats()}.
 * Dry runs leave them alone and answer a flaky target as delivered.
 */
public final class TokenRules {

    public static final String ERROR_PREFIX = "error-";
    public static final String CANONICAL_PREFIX = "canonical-";
    public static final String FLAKY_PREFIX = "flaky";
    /** What the legacy API puts before a canonical token to make its replacement. */
    public static final String CANONICAL_REPLACEMENT_PREFIX = "new-";

    private static final Pattern FLAKY = Pattern.compile("flaky(\\d{1,9})-.*", Pattern.DOTALL);

    private static final TokenOutcome DELIVERED = new TokenOutcome.Delivered();

    /** Attempts seen so far per flaky token; other tokens need no memory. */
    private final Map<String, AtomicLong> flakyAttempts = new ConcurrentHashMap<>();

    TokenRules() {
    }

    /** A token that fails with {@code code} on both APIs, e.g. {@code errorToken("UNREGISTERED", "a1")}. */
    public static String errorToken(String code, String suffix) {
        return ERROR_PREFIX + code + "-" + suffix;
    }

    /**
     * A topic whose sends fail with {@code code} on both APIs (topics and installation ids follow
     * the same rules as tokens), e.g. {@code errorTopic("INVALID_ARGUMENT", "t1")}.
     */
    public static String errorTopic(String code, String suffix) {
        return errorToken(code, suffix);
    }

    /** A token the legacy API answers with a canonical id ({@code "new-" + token}). */
    public static String canonicalToken(String suffix) {
        return CANONICAL_PREFIX + suffix;
    }

    /** A token whose first {@code failures} attempts are answered "unavailable". */
    public static String flakyToken(int failures, String suffix) {
        return FLAKY_PREFIX + failures + "-" + suffix;
    }

    /** Decides one attempt; flaky tokens remember that this attempt happened. */
    TokenOutcome outcomeFor(String token) {
        return outcomeFor(token, false);
    }

    /**
     * Decides one attempt. A dry run ({@code validate_only}, {@code dry_run}) is judged like a
     * send, except that a flaky token counts as valid and keeps its failures for the real sends:
     * flakiness plays a delivery-time outage, and a dry run delivers nothing.
     */
    TokenOutcome outcomeFor(String token, boolean dryRun) {
        if (token.startsWith(ERROR_PREFIX)) {
            String code = errorCodeOf(token);
            if (!code.isEmpty()) {
                return new TokenOutcome.Failed(code);
            }
        }
        if (token.startsWith(CANONICAL_PREFIX)) {
            return new TokenOutcome.DeliveredWithCanonicalId(CANONICAL_REPLACEMENT_PREFIX + token);
        }
        // Most tokens are plain: skip the regex unless the prefix is there.
        Matcher flaky = !dryRun && token.startsWith(FLAKY_PREFIX) ? FLAKY.matcher(token) : null;
        if (flaky != null && flaky.matches()) {
            long failuresWanted = Long.parseLong(flaky.group(1));
            long attempt = flakyAttempts.computeIfAbsent(token, ignored -> new AtomicLong()).incrementAndGet();
            if (attempt <= failuresWanted) {
                return new TokenOutcome.Failed(V1ErrorAnswers.UNAVAILABLE);
            }
        }
        return DELIVERED;
    }

    void forgetFlakyAttempts() {
        flakyAttempts.clear();
    }

    private static String errorCodeOf(String token) {
        String afterPrefix = token.substring(ERROR_PREFIX.length());
        int end = afterPrefix.indexOf('-');
        return end < 0 ? afterPrefix : afterPrefix.substring(0, end);
    }
}
