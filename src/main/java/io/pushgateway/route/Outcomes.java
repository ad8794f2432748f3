package io.pushgateway.route;

import io.pushgateway.broker.BrokerHeaders;
import io.pushgateway.core.OutboundMessage;
import io.pushgateway.core.Outcome;
import io.pushgateway.core.PushHeaders;
import io.pushgateway.core.RequestGroup;
import io.pushgateway.metrics.PushMetrics;
import io.pushgateway.outcome.GroupPlanner;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Bean {@code outcomes}: plans a group's outcome messages ({@link GroupPlanner}) and, in
 * publish-outcomes, shapes each as the Camel message the {@code broker:} endpoint publishes, then
 * tells the group whether the broker took it.
 */
public final class Outcomes {

    /** Header the publish route branches on: the {@link Outcome} name. */
    public static final String OUTCOME = "PushOutcome";

    /** Property of each publish's exchange: the message it carries, for {@link #confirmed}. */
    static final String OUTBOUND = "pushOutbound";

    private final GroupPlanner planner;
    private final PushMetrics metrics;

    public Outcomes(GroupPlanner planner, PushMetrics metrics) {
        this.planner = planner;
        this.metrics = metrics;
    }

    /** Every message the group's requests lead to, in request order (see {@link GroupPlanner#plan}). */
    public List<OutboundMessage> plan(RequestGroup group) {
        return planner.plan(group);
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

    /** After a publish the endpoint confirmed: its message is settled. */
    public void confirmed(Exchange exchange) {
        RequestGroup group = Failures.group(exchange);
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
        RequestGroup group = Failures.group(exchange);
        OutboundMessage outbound = exchange.getProperty(OUTBOUND, OutboundMessage.class);
        if (group != null && outbound != null) {
            group.refused(outbound, Failures.caught(exchange));
        }
    }
}
