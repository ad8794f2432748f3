package io.pushgateway.broker;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareBatchMessageListener;
import org.springframework.amqp.rabbit.connection.ChannelProxy;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * Consumes a queue in groups: one Camel exchange per group of up to {@code groupSize} deliveries
 * (whatever arrived within {@code groupWindow}), whose body is the {@code List<Message>} in delivery
 * order. When the exchange completes, the whole group is acknowledged with one
 * {@code basic.ack(multiple=true)}; the deliveries the route named in the exchange property
 * {@link #REQUEUE} are first returned to the queue one by one ({@code basic.nack(requeue=true)}). An
 * exchange that fails returns every delivery of its group.
 *
 * <p>Why our own consumer: camel-spring-rabbitmq 4.17 hands a route one message at a time, and its
 * AUTO acknowledgement with {@code asyncConsumer} acks before the work is done. This is a thin
 * adapter over Spring AMQP's {@link SimpleMessageListenerContainer}, which does the AMQP work
 * (consumer batches, prefetch, recovery after a lost connection). Each consumer thread runs its
 * group to the end before taking the next, so the groups of one channel are acked in order and a
 * multiple ack never covers a delivery of another group.
 */
final class BrokerConsumer extends DefaultConsumer {

    /** Exchange property: the deliveries of the group to return to the queue instead of acking. */
    static final String REQUEUE = BrokerHeaders.REQUEUE;

    private static final Logger LOG = LoggerFactory.getLogger(BrokerConsumer.class);

    private SimpleMessageListenerContainer container;

    BrokerConsumer(BrokerEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public BrokerEndpoint getEndpoint() {
        return (BrokerEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        BrokerEndpoint endpoint = getEndpoint();
        if (endpoint.getQueue() == null || endpoint.getQueue().isBlank()) {
            throw new IllegalArgumentException("broker: consumer needs queue=<name> (" + endpoint.getEndpointUri() + ")");
        }
        container = new SimpleMessageListenerContainer(endpoint.getComponent().connectionFactory());
        container.setQueueNames(endpoint.getQueue());
        container.setConcurrentConsumers(endpoint.getConsumers());
        container.setPrefetchCount(Math.max(endpoint.getPrefetch(), endpoint.getGroupSize()));
        container.setConsumerBatchEnabled(true);
        container.setBatchSize(endpoint.getGroupSize());
        container.setBatchReceiveTimeout(endpoint.getGroupWindow());
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        // A queue that is briefly missing (a node restarting) is waited for, not a reason to stop consuming.
        container.setMissingQueuesFatal(false);
        container.setShutdownTimeout(endpoint.getComponent().shutdownTimeout().toMillis());
        container.setTaskExecutor(new SimpleAsyncTaskExecutor(endpoint.getThreadNamePrefix()));
        container.setMessageListener((ChannelAwareBatchMessageListener) this::onGroup);
        container.afterPropertiesSet();
        container.start();
    }

    @Override
    protected void doStop() throws Exception {
        if (container != null) {
            // Waits up to the shutdown timeout for the groups in hand to finish and be acked.
            container.stop();
            container.destroy();
            container = null;
        }
        super.doStop();
    }

    private void onGroup(List<Message> deliveries, Channel consumerChannel) {
        // Acks go on the channel the deliveries came on, never on a new one a proxy would open once it
        // is closed: a tag of a dead channel means nothing elsewhere (406), and the broker has already
        // requeued those deliveries.
        Channel channel = consumerChannel instanceof ChannelProxy proxy ? proxy.getTargetChannel() : consumerChannel;
        long lastTag = deliveries.get(deliveries.size() - 1).getMessageProperties().getDeliveryTag();
        Exchange exchange = createExchange(false);
        try {
            exchange.getMessage().setBody(deliveries);
            getProcessor().process(exchange);
            if (exchange.getException() != null) {
                LOG.warn("A group of {} request(s) failed as a whole; returning it to the queue: {}", deliveries.size(),
                        exchange.getException().toString());
                settle(channel, () -> channel.basicNack(lastTag, true, true));
                return;
            }
            Collection<?> requeue = exchange.getProperty(REQUEUE, Collection.class);
            settle(channel, () -> {
                Set<Long> returned = new HashSet<>();
                if (requeue != null) {
                    for (Object delivery : requeue) {
                        long tag = ((Message) delivery).getMessageProperties().getDeliveryTag();
                        channel.basicNack(tag, false, true);
                        returned.add(tag);
                    }
                }
                // The multiple ack names the group's last delivery that was not returned: a returned one's
                // tag is no longer outstanding, and acking it would close the channel (406).
                for (int i = deliveries.size() - 1; i >= 0; i--) {
                    long tag = deliveries.get(i).getMessageProperties().getDeliveryTag();
                    if (!returned.contains(tag)) {
                        channel.basicAck(tag, true);
                        return;
                    }
                }
            });
        } catch (Exception e) {
            LOG.warn("A group of {} request(s) could not be processed; returning it to the queue", deliveries.size(), e);
            settle(channel, () -> channel.basicNack(lastTag, true, true));
        } finally {
            releaseExchange(exchange, false);
        }
    }

    private interface ChannelWork {
        void run() throws IOException;
    }

    private static void settle(Channel channel, ChannelWork work) {
        if (!channel.isOpen()) {
            LOG.info("The channel of a group closed before its ack; the broker has returned its deliveries to the queue");
            return;
        }
        try {
            work.run();
        } catch (IOException | RuntimeException e) {
            LOG.info("Could not settle a group on its channel ({}); the broker returns unacked deliveries itself",
                    e.toString());
        }
    }
}
