package io.pushgateway.broker;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** A publish target: an exchange and a default routing key. Producer only. */
public class BrokerEndpoint extends DefaultEndpoint {

    private final String exchangeName;
    private String routingKey = "";
    private boolean mandatory = true;

    BrokerEndpoint(String uri, BrokerComponent component, String exchangeName) {
        super(uri, component);
        this.exchangeName = exchangeName;
    }

    @Override
    public Producer createProducer() {
        return new BrokerProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("broker: endpoints only publish; consume with spring-rabbitmq:");
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
}
