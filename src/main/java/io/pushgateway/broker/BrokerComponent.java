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
 */
public class BrokerComponent extends DefaultComponent {

    private final RabbitTemplate template;
    private final Duration confirmTimeout;
    private ExecutorService confirmThreads;

    public BrokerComponent(ConnectionFactory connectionFactory, Duration confirmTimeout) {
        this.template = new RabbitTemplate(connectionFactory);
        // Returns arrive before the confirm, so a returned message is known when the confirm completes.
        this.template.setMandatory(true);
        this.template.setReturnsCallback(returned -> { });
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

    RabbitTemplate template() {
        return template;
    }

    Duration confirmTimeout() {
        return confirmTimeout;
    }
}
