package io.pushgateway.broker;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;

/**
 * Publishes one message and completes the exchange on the broker's answer, without holding a
 * thread while it waits: ack → success; nack, return (unroutable) or timeout → failure.
 */
class BrokerProducer extends DefaultAsyncProducer {

    BrokerProducer(BrokerEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public BrokerEndpoint getEndpoint() {
        return (BrokerEndpoint) super.getEndpoint();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        BrokerEndpoint endpoint = getEndpoint();
        String routingKey = exchange.getMessage().getHeader(BrokerHeaders.ROUTING_KEY, endpoint.getRoutingKey(),
                String.class);
        String target = "exchange '" + endpoint.getExchangeName() + "' with key '" + routingKey + "'";
        CorrelationData correlation = new CorrelationData(UUID.randomUUID().toString());
        try {
            endpoint.getComponent().template(endpoint.isMandatory()).send(endpoint.getExchangeName(), routingKey,
                    toAmqp(exchange), correlation);
        } catch (RuntimeException e) {
            exchange.setException(new PublishFailedException("Publish to " + target + " failed: " + e.getMessage(), e));
            callback.done(true);
            return true;
        }
        long timeoutMillis = endpoint.getComponent().confirmTimeout().toMillis();
        correlation.getFuture().orTimeout(timeoutMillis, TimeUnit.MILLISECONDS).whenCompleteAsync((confirm, error) -> {
            if (error != null) {
                exchange.setException(new PublishFailedException(
                        "No confirm from the broker within " + timeoutMillis + " ms for " + target, error));
            } else if (!confirm.isAck()) {
                exchange.setException(new PublishFailedException(
                        "The broker refused the message for " + target + ": " + confirm.getReason()));
            } else if (correlation.getReturned() != null) {
                exchange.setException(new PublishFailedException(
                        "Unroutable: no queue is bound for " + target + " (" + correlation.getReturned().getReplyText()
                                + ")"));
            }
            callback.done(false);
        }, endpoint.getComponent().confirmThreads());
        return false;
    }

    private static Message toAmqp(Exchange exchange) {
        org.apache.camel.Message in = exchange.getMessage();
        MessageProperties props = new MessageProperties();
        props.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        props.setContentType(in.getHeader(BrokerHeaders.CONTENT_TYPE, "application/json", String.class));
        props.setMessageId(in.getHeader(BrokerHeaders.MESSAGE_ID, String.class));
        props.setType(in.getHeader(BrokerHeaders.TYPE, String.class));
        for (Map.Entry<String, Object> header : in.getHeaders().entrySet()) {
            if (header.getKey().startsWith(BrokerHeaders.AMQP_HEADER_PREFIX)) {
                props.setHeader(header.getKey(), header.getValue());
            }
        }
        Object body = in.getBody();
        byte[] bytes = body instanceof byte[] b ? b
                : exchange.getContext().getTypeConverter().convertTo(byte[].class, exchange, body);
        if (bytes == null) {
            bytes = String.valueOf(body).getBytes(StandardCharsets.UTF_8);
        }
        return new Message(bytes, props);
    }
}
