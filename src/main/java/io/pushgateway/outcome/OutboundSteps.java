package io.pushgateway.outcome;

import io.pushgateway.broker.BrokerHeaders;
import io.pushgateway.config.PushProperties;
import io.pushgateway.deadletter.DeadLetters;
import io.pushgateway.intake.IntakeStep;
import io.pushgateway.intake.PushHeaders;
import io.pushgateway.metrics.PushMetrics;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** Steps of the routes around outcomes: planning a group's and shaping each as a Camel message. */
public final class OutboundSteps {

    /** Header the publish route branches on: the {@link Outcome} name. */
    public static final String OUTCOME = "PushOutcome";

    /** Property of each publish's exchange: the message it carries, for {@link #confirmed}. */
    static final String OUTBOUND = "pushOutbound";

    private static final Logger LOG = LoggerFactory.getLogger(OutboundSteps.class);

    private final OutcomePlanner planner;
    private final FailurePolicy failures;
    private final PushMetrics metrics;

    public OutboundSteps(OutcomePlanner planner, FailurePolicy failures, PushMetrics metrics) {
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
        return IntakeStep.logAs(context.request().messageId(), () -> {
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

    /** Makes the exchange carry exactly one outbound message: nothing from the intake leaks. */
    public void toMessage(Exchange exchange) {
        OutboundMessage outbound = exchange.getMessage().getBody(OutboundMessage.class);
        exchange.setProperty(OUTBOUND, outbound);
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        outbound.headers().forEach(message::setHeader);
        message.setHeader(OUTCOME, outbound.kind().name());
        message.setHeader(BrokerHeaders.CONTENT_TYPE, outbound.contentType() == null ? "application/json"
                : outbound.contentType());
        if (outbound.messageId() != null) {
            message.setHeader(BrokerHeaders.MESSAGE_ID, outbound.messageId());
        }
        if (outbound.type() != null) {
            message.setHeader(BrokerHeaders.TYPE, outbound.type());
        }
        if (outbound.routingKey() != null) {
            message.setHeader(BrokerHeaders.ROUTING_KEY, outbound.routingKey());
        }
        if (outbound.kind() == Outcome.DEAD_LETTER) {
            metrics.deadLettered(String.valueOf(outbound.headers().get(PushHeaders.ERROR)));
        } else if (outbound.kind() == Outcome.RETRY) {
            metrics.retried(outbound.retryLevel());
        }
        message.setBody(outbound.body());
    }

    /** After a publish the endpoint confirmed: its message is settled (see {@link PublishLedger}). */
    public void confirmed(Exchange exchange) {
        RequestGroup group = exchange.getProperty(RequestGroup.PROPERTY, RequestGroup.class);
        OutboundMessage outbound = exchange.getProperty(OUTBOUND, OutboundMessage.class);
        if (group != null && outbound != null) {
            group.confirmed(outbound);
        }
    }

    /**
     * The endpoint did not take the message: its request is parked afterwards (or, when this was the
     * parking, returned to the queue). The other requests of the group are not touched.
     */
    public void refused(Exchange exchange) {
        RequestGroup group = exchange.getProperty(RequestGroup.PROPERTY, RequestGroup.class);
        OutboundMessage outbound = exchange.getProperty(OUTBOUND, OutboundMessage.class);
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (group != null && outbound != null) {
            group.refused(outbound, error);
        }
    }
}
