package io.pushgateway.outcome;

import io.pushgateway.config.PushProperties;
import io.pushgateway.core.OutboundMessage;
import io.pushgateway.core.Outcome;
import io.pushgateway.core.PushHeaders;
import io.pushgateway.core.RequestContext;
import io.pushgateway.core.RequestGroup;
import io.pushgateway.core.RequestLogging;
import io.pushgateway.core.TokenResults;
import io.pushgateway.deadletter.DeadLetters;
import io.pushgateway.metrics.PushMetrics;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Plans a group's outcomes, request by request ({@link OutcomePlanner}), and counts its tokens per
 * project. What happens to one request stays with it: a request whose planning fails is
 * dead-lettered on its own.
 */
public final class GroupPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(GroupPlanner.class);

    private final OutcomePlanner planner;
    private final FailurePolicy failures;
    private final PushMetrics metrics;

    public GroupPlanner(OutcomePlanner planner, FailurePolicy failures, PushMetrics metrics) {
        this.planner = planner;
        this.failures = failures;
        this.metrics = metrics;
    }

    /**
     * Every message the group's requests lead to, in request order: the outcomes of the sent ones,
     * the dead letters of the expired and of those that could not be read or sent. A request whose
     * planning fails is dead-lettered on its own; the others go on.
     */
    public List<OutboundMessage> plan(RequestGroup group) {
        List<OutboundMessage> out = new ArrayList<>();
        Map<String, TokenResults> byProject = new HashMap<>();
        for (RequestGroup.Member member : group.members()) {
            List<OutboundMessage> messages = planOne(member);
            group.planned(member, messages);
            out.addAll(messages);
            if (member.sendable()) {
                String project = member.context().request().project();
                byProject.computeIfAbsent(project == null ? PushProperties.Fcm.DEFAULT_PROJECT : project,
                        p -> new TokenResults()).addAll(member.results());
            }
        }
        byProject.forEach(metrics::tokens);
        return out;
    }

    private List<OutboundMessage> planOne(RequestGroup.Member member) {
        if (member.error() != null) {
            return failures.deadLetterFor(member);
        }
        RequestContext context = member.context();
        return RequestLogging.logAs(context.request().messageId(), () -> {
            try {
                return member.expired() ? expired(context) : sent(context, member.results());
            } catch (RuntimeException e) {
                member.reject(e);
                return failures.deadLetterFor(member);
            }
        });
    }

    private List<OutboundMessage> sent(RequestContext context, TokenResults results) {
        List<OutboundMessage> out = planner.plan(context, results.notDelivered());
        // A request whose tokens were all simply delivered is DEBUG: at thousands of requests a second
        // one INFO line each would cost more CPU than the sends. Anything else is worth a line.
        boolean routine = out.isEmpty() && results.notDelivered().isEmpty();
        Level level = routine ? Level.DEBUG : Level.INFO;
        if (LOG.isEnabledForLevel(level)) {
            Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
            if (results.delivered() > 0) {
                counts.put(Outcome.DELIVERED, (long) results.delivered());
            }
            results.notDelivered().forEach(r -> counts.merge(r.outcome(), 1L, Long::sum));
            LOG.atLevel(level).log("Request {} attempt {}: {} → {} message(s) to publish", context.request().messageId(),
                    context.attempt(), counts, out.size());
        }
        return out;
    }

    private List<OutboundMessage> expired(RequestContext context) {
        List<OutboundMessage> out = planner.expired(context);
        // Logged like every other dead letter; the detail holds counts and times only.
        LOG.info("Dead-lettering request {} attempt {}: {} ({})", context.request().messageId(), context.attempt(),
                DeadLetters.EXPIRED, out.get(0).headers().get(PushHeaders.ERROR_DETAIL));
        return out;
    }
}
