package io.pushgateway.route;

import io.pushgateway.broker.BrokerHeaders;
import io.pushgateway.core.RequestGroup;
import io.pushgateway.realtime.RealtimeDelivery;
import io.pushgateway.realtime.RealtimeMessage;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Bean {@code realtime}, the steps of deliver-realtime: the group's real-time messages
 * ({@link RealtimeDelivery}), each shaped as the Camel message the {@code broker:} endpoint
 * publishes, and what a publish gave.
 */
public final class Realtime {

    private final RealtimeDelivery delivery;

    public Realtime(RealtimeDelivery delivery) {
        this.delivery = delivery;
    }

    public List<RealtimeMessage> messages(RequestGroup group) {
        return delivery.messages(group);
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
        delivery.published();
    }

    /** Counted and logged, nothing else: the request's FCM outcomes and its ack go on as usual. */
    public void failed(Exchange exchange) {
        delivery.failed(exchange.getMessage().getHeader(BrokerHeaders.MESSAGE_ID),
                exchange.getMessage().getHeader(BrokerHeaders.ROUTING_KEY), Failures.caught(exchange));
    }
}
