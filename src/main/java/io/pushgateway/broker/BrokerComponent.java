package io.pushgateway.broker;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * {@code broker:<exchange>?routingKey=<key>} publishes persistent messages and completes only
 * when the broker has confirmed them. Unlike spring-rabbitmq's producer it publishes with the
 * mandatory flag, so a message no queue would take fails the exchange instead of vanishing.
 * {@code broker:default} is the default exchange (routing key = queue name).
 * {@code mandatory=false} publishes without the flag (still confirmed): for messages that may
 * rightly reach no queue, such as the real-time channel's when nobody is online.
 * As a route's {@code from}, {@code broker:<exchange>?queue=<queue>} consumes that queue in groups
 * ({@link BrokerConsumer}).
 */
public class BrokerComponent extends DefaultComponent {

    private final RabbitTemplate template;
    private final RabbitTemplate optionalTemplate;
    private final Duration confirmTimeout;
    private final ConnectionFactory connectionFactory;
    private final Duration shutdownTimeout;
    private ExecutorService confirmThreads;

    /**
     * @param shutdownTimeout how long a stopping consumer waits for the groups in hand to finish
     */
    public BrokerComponent(ConnectionFactory connectionFactory, Duration confirmTimeout, Duration shutdownTimeout) {
        this.connectionFactory = connectionFactory;
        this.shutdownTimeout = shutdownTimeout;
        this.template = new RabbitTemplate(connectionFactory);
        // Returns arrive before the confirm, so a returned message is known when the confirm completes.
        this.template.setMandatory(true);
        this.template.setReturnsCallback(returned -> { });
        // Non-mandatory publishes go over the publisher connection, a channel cache of their own: a
        // publish to an exchange that is missing makes the broker close its channel, and that must
        // never be a channel the outcome publishes share (their confirms would fail with it).
        this.optionalTemplate = new RabbitTemplate(connectionFactory);
        this.optionalTemplate.setUsePublisherConnection(true);
        this.confirmTimeout = confirmTimeout;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        String exchange = "default".equals(remaining) ? "" : remaining;
        BrokerEndpoint endpoint = new BrokerEndpoint(uri, this, exchange);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /**
     * Confirms arrive on the AMQP connection's own thread. Routing must never continue there: the
     * next publish would wait for a broker reply that only that blocked thread can read.
     */
    @Override
    protected void doStart() throws Exception {
        super.doStart();
        confirmThreads = getCamelContext().getExecutorServiceManager().newCachedThreadPool(this, "broker-confirms");
    }

    @Override
    protected void doStop() throws Exception {
        if (confirmThreads != null) {
            getCamelContext().getExecutorServiceManager().shutdown(confirmThreads);
            confirmThreads = null;
        }
        super.doStop();
    }

    ExecutorService confirmThreads() {
        return confirmThreads;
    }

    RabbitTemplate template(boolean mandatory) {
        return mandatory ? template : optionalTemplate;
    }

    ConnectionFactory connectionFactory() {
        return connectionFactory;
    }

    Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    Duration confirmTimeout() {
        return confirmTimeout;
    }
}
