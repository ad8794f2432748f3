package io.pushgateway.realtime;

import io.pushgateway.broker.BrokerHeaders;
import io.pushgateway.intake.IntakeStep;
import io.pushgateway.outcome.RequestContext;
import java.time.Clock;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the deliver-realtime route (bean {@code realtime}). Whatever happens here stays
 * here: the route catches every failure and calls {@link #failed}, so the FCM path never sees it.
 */
public final class RealtimeSteps {

    private static final Logger LOG = LoggerFactory.getLogger(RealtimeSteps.class);

    private final boolean enabled;
    private final RealtimeMessages messages;
    private final RealtimeMetrics metrics;
    private final Clock clock;

    public RealtimeSteps(boolean enabled, RealtimeMessages messages, RealtimeMetrics metrics, Clock clock) {
        this.enabled = enabled;
        this.messages = messages;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Only a request's first delivery: whatever comes back from a retry level (a retry, tokens the
     * open circuit held back, a parked request) carries tokens that failed, not news for the user.
     */
    public boolean shouldPublish(Exchange exchange) {
        RequestContext context = exchange.getProperty(IntakeStep.CONTEXT, RequestContext.class);
        return enabled && context != null && context.attempt() == 0 && !context.fromRetryLevel();
    }

    /** The messages to publish; the split over them leaves the intake exchange as it was. */
    public List<RealtimeMessage> messages(Exchange exchange) {
        RequestContext context = exchange.getProperty(IntakeStep.CONTEXT, RequestContext.class);
        RealtimeMessages.Plan plan = messages.plan(context.request(), clock.instant());
        metrics.skippedInvalidIds(plan.skippedUserKeys());
        return plan.messages();
    }

    /** Makes the (split) exchange carry exactly this message: no intake header travels. */
    public void toMessage(Exchange exchange) {
        RealtimeMessage realtime = exchange.getMessage().getBody(RealtimeMessage.class);
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(BrokerHeaders.ROUTING_KEY, realtime.routingKey());
        message.setHeader(BrokerHeaders.CONTENT_TYPE, "application/json");
        message.setHeader(BrokerHeaders.MESSAGE_ID, realtime.messageId());
        message.setBody(realtime.body());
    }

    public void published() {
        metrics.published();
    }

    /** Counted and logged, nothing else: the request's FCM outcomes and its ack go on as usual. */
    public void failed(Exchange exchange) {
        metrics.failed();
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Object key = exchange.getMessage().getHeader(BrokerHeaders.ROUTING_KEY);
        RequestContext context = exchange.getProperty(IntakeStep.CONTEXT, RequestContext.class);
        LOG.warn("Real-time publish failed for request {} (key {}): {}",
                context == null ? "?" : context.request().messageId(), key == null ? "-" : key,
                cause == null ? "unknown error" : cause.getMessage());
    }
}
