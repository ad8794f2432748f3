package io.pushgateway.broker;

/**
 * Camel headers the {@code broker:} endpoint turns into AMQP message properties. Every Camel
 * header whose name starts with {@code x-push-} becomes an AMQP header; no other header leaves.
 */
public final class BrokerHeaders {

    public static final String ROUTING_KEY = "PushRoutingKey";
    public static final String MESSAGE_ID = "PushMessageId";
    public static final String TYPE = "PushMessageType";
    public static final String CONTENT_TYPE = "Content-Type";
    public static final String AMQP_HEADER_PREFIX = "x-push-";
    /**
     * Exchange property of a group a {@code broker:} consumer delivered: the deliveries (AMQP
     * messages) to return to the queue instead of acking.
     */
    public static final String REQUEUE = "PushRequeue";

    private BrokerHeaders() {
    }
}
