package io.pushgateway.realtime;

import io.pushgateway.broker.BrokerHeaders;
import io.pushgateway.outcome.RequestContext;
import io.pushgateway.outcome.RequestGroup;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
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

    /** The channel is on (push.realtime.enabled): the intake route calls deliver-realtime only then. */
    public boolean enabled() {
        return enabled;
    }

    /**
     * The messages of the group's requests on their first delivery only: whatever comes back from a
     * retry level (a retry, tokens the open circuit held back, a parked request) carries tokens that
     * failed, not news for the user. The split over them leaves the intake exchange as it was.
     */
    public List<RealtimeMessage> messages(RequestGroup group) {
        List<RealtimeMessage> out = new ArrayList<>();
        if (!enabled) {
            return out;
        }
        Instant now = clock.instant();
        for (RequestGroup.Member member : group.members()) {
            RequestContext context = member.context();
            if (context != null && context.attempt() == 0 && !context.fromRetryLevel()) {
                RealtimeMessages.Plan plan = messages.plan(context.request(), now);
                metrics.skippedInvalidIds(plan.skippedUserKeys());
                out.addAll(plan.messages());
            }
        }
        return out;
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
        Object messageId = exchange.getMessage().getHeader(BrokerHeaders.MESSAGE_ID);
        LOG.warn("Real-time publish failed for request {} (key {}): {}",
                messageId == null ? "?" : messageId, key == null ? "-" : key,
                cause == null ? "unknown error" : cause.getMessage());
    }
}
