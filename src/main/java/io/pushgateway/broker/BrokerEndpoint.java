package io.pushgateway.broker;

import java.time.temporal.ChronoUnit;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;
import org.springframework.boot.convert.DurationStyle;

/**
 * A publish target (an exchange and a default routing key), or, as a route's {@code from}, a queue
 * consumed in groups ({@code queue}, {@code consumers}, {@code prefetch}, {@code groupSize},
 * {@code groupWindow}: see {@link BrokerConsumer}).
 */
public class BrokerEndpoint extends DefaultEndpoint {

    private final String exchangeName;
    private String routingKey = "";
    private boolean mandatory = true;
    private String queue;
    private int consumers = 1;
    private int prefetch = 1;
    private int groupSize = 1;
    private long groupWindow = 5;
    private String threadNamePrefix = "broker-consumer-";

    BrokerEndpoint(String uri, BrokerComponent component, String exchangeName) {
        super(uri, component);
        this.exchangeName = exchangeName;
    }

    @Override
    public Producer createProducer() {
        return new BrokerProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        BrokerConsumer consumer = new BrokerConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public BrokerComponent getComponent() {
        return (BrokerComponent) super.getComponent();
    }

    public String getExchangeName() {
        return exchangeName;
    }

    public String getRoutingKey() {
        return routingKey;
    }

    public void setRoutingKey(String routingKey) {
        this.routingKey = routingKey;
    }

    /** False: a message no queue takes is dropped by the broker instead of failing the exchange. */
    public boolean isMandatory() {
        return mandatory;
    }

    public void setMandatory(boolean mandatory) {
        this.mandatory = mandatory;
    }

    /** The queue a consumer takes its deliveries from. */
    public String getQueue() {
        return queue;
    }

    public void setQueue(String queue) {
        this.queue = queue;
    }

    /** Consumers (channels, each with its own thread) on the queue; each works on one group at a time. */
    public int getConsumers() {
        return consumers;
    }

    public void setConsumers(int consumers) {
        this.consumers = consumers;
    }

    /** Unacknowledged deliveries the broker hands each consumer ahead (at least the group size). */
    public int getPrefetch() {
        return prefetch;
    }

    public void setPrefetch(int prefetch) {
        this.prefetch = prefetch;
    }

    /** Deliveries per group (per exchange) at most. */
    public int getGroupSize() {
        return groupSize;
    }

    public void setGroupSize(int groupSize) {
        this.groupSize = groupSize;
    }

    /** Milliseconds a consumer waits to fill a group before it starts with what it has. */
    public long getGroupWindow() {
        return groupWindow;
    }

    /** A duration as Spring Boot writes them ({@code 5ms}, {@code 1s}), or plain milliseconds. */
    public void setGroupWindow(String groupWindow) {
        this.groupWindow = DurationStyle.detectAndParse(groupWindow.trim(), ChronoUnit.MILLIS).toMillis();
    }

    public String getThreadNamePrefix() {
        return threadNamePrefix;
    }

    public void setThreadNamePrefix(String threadNamePrefix) {
        this.threadNamePrefix = threadNamePrefix;
    }
}
