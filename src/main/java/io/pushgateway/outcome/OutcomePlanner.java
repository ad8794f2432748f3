package io.pushgateway.outcome;

import io.pushgateway.core.DeviceToken;
import io.pushgateway.core.OutboundMessage;
import io.pushgateway.core.RequestContext;
import io.pushgateway.core.TokenResult;
import io.pushgateway.deadletter.DeadLetters;
import io.pushgateway.feedback.FeedbackEvents;
import io.pushgateway.retry.RetryDecision;
import io.pushgateway.retry.RetryPlanner;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the per-token results of one request into the messages to publish: one event per
 * updated or deleted token, one retry request per (level, attempt), one dead letter per reason.
 * Delivered tokens produce nothing (they are counted in metrics). Retries and dead letters keep
 * the request's own target field ({@link io.pushgateway.core.PushRequest#withTokens}), so
 * installation ids stay {@code installation_ids} and a topic stays its topic.
 */
public final class OutcomePlanner {

    private final FeedbackEvents events;
    private final DeadLetters deadLetters;
    private final RetryPlanner retryPlanner;
    private final RetryRequests retryRequests;
    private final Clock clock;

    public OutcomePlanner(FeedbackEvents events, DeadLetters deadLetters, RetryPlanner retryPlanner,
                          RetryRequests retryRequests, Clock clock) {
        this.events = events;
        this.deadLetters = deadLetters;
        this.retryPlanner = retryPlanner;
        this.retryRequests = retryRequests;
        this.clock = clock;
    }

    public List<OutboundMessage> plan(RequestContext context, List<TokenResult> results) {
        List<OutboundMessage> out = new ArrayList<>();
        Map<String, List<DeviceToken>> deadByError = new LinkedHashMap<>();
        Map<RetryDecision.Delay, List<DeviceToken>> retries = new LinkedHashMap<>();
        Map<String, Integer> exhaustedLastErrors = new LinkedHashMap<>();
        Map<String, Set<String>> fcmMessages = new LinkedHashMap<>();
        boolean expired = context.expired(clock);

        for (TokenResult result : results) {
            switch (result.outcome()) {
                case DELIVERED -> { }
                case TOKEN_UPDATE -> out.add(events.tokenUpdate(context.request(), result));
                case TOKEN_DELETE -> out.add(events.tokenDelete(context.request(), result));
                case DEAD_LETTER -> {
                    String error = DeadLetters.fcmError(result.error());
                    deadByError.computeIfAbsent(error, k -> new ArrayList<>()).add(result.token());
                    if (result.fcmMessage() != null) {
                        fcmMessages.computeIfAbsent(error, k -> new LinkedHashSet<>()).add(result.fcmMessage());
                    }
                }
                case RETRY -> {
                    if (expired) {
                        deadByError.computeIfAbsent(DeadLetters.EXPIRED, k -> new ArrayList<>()).add(result.token());
                        continue;
                    }
                    RetryDecision decision = result.reachedFcm()
                            ? retryPlanner.afterFailure(context.attempt(), result.retryAfter())
                            : retryPlanner.afterNotSent(context.attempt(), result.retryAfter());
                    if (decision instanceof RetryDecision.Delay delay) {
                        retries.computeIfAbsent(delay, k -> new ArrayList<>()).add(result.token());
                    } else {
                        deadByError.computeIfAbsent(DeadLetters.RETRIES_EXHAUSTED, k -> new ArrayList<>())
                                .add(result.token());
                        exhaustedLastErrors.merge(result.error(), 1, Integer::sum);
                    }
                }
            }
        }
        retries.forEach((delay, tokens) -> out.add(retryRequests.toLevel(context, tokens, delay.level(), delay.attempt(), 0)));
        deadByError.forEach((error, tokens) ->
                out.add(deadLetters.tokens(context, tokens, error,
                        withFcmWords(detail(error, tokens, context, exhaustedLastErrors), fcmMessages.get(error)))));
        return out;
    }

    /** Everything left of a request whose ttl_seconds passed before it could be sent. */
    public List<OutboundMessage> expired(RequestContext context) {
        return List.of(deadLetters.tokens(context, context.request().tokens(), DeadLetters.EXPIRED,
                detail(DeadLetters.EXPIRED, context.request().tokens(), context, Map.of())));
    }

    /** FCM's explanation of a refused payload (which field) after our own words, the first few only. */
    private static String withFcmWords(String detail, Set<String> fcmWords) {
        if (fcmWords == null || fcmWords.isEmpty()) {
            return detail;
        }
        return detail + ": " + String.join(" | ", fcmWords.stream().limit(3).toList());
    }

    private String detail(String error, List<DeviceToken> tokens, RequestContext context,
                          Map<String, Integer> exhaustedLastErrors) {
        String targets = context.request().target().count(tokens.size());
        if (error.equals(DeadLetters.RETRIES_EXHAUSTED)) {
            return targets + " still failing after " + retryPlanner.levels() + " retries; last errors: "
                    + exhaustedLastErrors;
        }
        if (error.equals(DeadLetters.EXPIRED)) {
            Duration ttl = Duration.ofSeconds(context.request().ttlSeconds());
            return targets + " not sent: ttl_seconds " + ttl.toSeconds() + " passed since first receipt at "
                    + context.firstReceived();
        }
        return "FCM answered " + error.substring("fcm-".length()) + " for " + targets;
    }
}
