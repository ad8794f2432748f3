package io.pushgateway.outcome;

import io.pushgateway.broker.BrokerHeaders;
import io.pushgateway.deadletter.DeadLetters;
import io.pushgateway.intake.IntakeStep;
import io.pushgateway.intake.PushHeaders;
import io.pushgateway.metrics.PushMetrics;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** Steps of the routes around outcomes: planning them and shaping each as a Camel message. */
public final class OutboundSteps {

    /** Header the publish route branches on: the {@link Outcome} name. */
    public static final String OUTCOME = "PushOutcome";

    /** Property of each publish's exchange: the message it carries, for {@link #confirmed}. */
    static final String OUTBOUND = "pushOutbound";

    private static final Logger LOG = LoggerFactory.getLogger(OutboundSteps.class);

    private final OutcomePlanner planner;
    private final PushMetrics metrics;

    public OutboundSteps(OutcomePlanner planner, PushMetrics metrics) {
        this.planner = planner;
        this.metrics = metrics;
    }

    public List<OutboundMessage> plan(Exchange exchange, TokenResults results) {
        RequestContext context = exchange.getProperty(IntakeStep.CONTEXT, RequestContext.class);
        List<OutboundMessage> out = planner.plan(context, results.notDelivered());
        exchange.setProperty(PublishLedger.PROPERTY, new PublishLedger(out));
        metrics.tokens(context.request().project() == null ? io.pushgateway.config.PushProperties.Fcm.DEFAULT_PROJECT
                : context.request().project(), results);
        // A request whose tokens were all simply delivered is DEBUG: at thousands of requests a second
        // one INFO line each would cost more CPU than the sends. Anything else is worth a line.
        boolean routine = out.isEmpty() && results.notDelivered().isEmpty();
        Level level = routine ? Level.DEBUG : Level.INFO;
        if (LOG.isEnabledForLevel(level)) {
            Map<Outcome, Long> counts = new java.util.EnumMap<>(Outcome.class);
            if (results.delivered() > 0) {
                counts.put(Outcome.DELIVERED, (long) results.delivered());
            }
            results.notDelivered().forEach(r -> counts.merge(r.outcome(), 1L, Long::sum));
            LOG.atLevel(level).log("Request {} attempt {}: {} → {} message(s) to publish", context.request().messageId(),
                    context.attempt(), counts, out.size());
        }
        return out;
    }

    public List<OutboundMessage> expired(Exchange exchange) {
        RequestContext context = exchange.getProperty(IntakeStep.CONTEXT, RequestContext.class);
        List<OutboundMessage> out = planner.expired(context);
        exchange.setProperty(PublishLedger.PROPERTY, new PublishLedger(out));
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
            metrics.deadLettered(String.valueOf(outbound.headers().get(io.pushgateway.intake.PushHeaders.ERROR)));
        } else if (outbound.kind() == Outcome.RETRY) {
            metrics.retried(outbound.retryLevel());
        }
        message.setBody(outbound.body());
    }

    /** After a publish the endpoint confirmed: its message is settled (see {@link PublishLedger}). */
    public void confirmed(Exchange exchange) {
        PublishLedger ledger = exchange.getProperty(PublishLedger.PROPERTY, PublishLedger.class);
        OutboundMessage outbound = exchange.getProperty(OUTBOUND, OutboundMessage.class);
        if (ledger != null && outbound != null) {
            ledger.confirmed(outbound);
        }
    }
}
