package io.pushgateway.broker;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

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
 * (consumer batches, prefetch, recovery after a lost connection). A consumer thread hands each group
 * to a worker and takes the next at once: a delivery waiting in a consumer's prefetch never waits for
 * that consumer's previous group to hear back from FCM. Groups in flight are bounded by the
 * consumers' prefetch (and a slot per group), and each channel's groups are acked in delivery order
 * ({@link AckSequence}), so a multiple ack never covers a delivery of a group still at work.
 */
final class BrokerConsumer extends DefaultConsumer {

    /** Exchange property: the deliveries of the group to return to the queue instead of acking. */
    static final String REQUEUE = BrokerHeaders.REQUEUE;

    private static final Logger LOG = LoggerFactory.getLogger(BrokerConsumer.class);

    private SimpleMessageListenerContainer container;
    /** Runs the groups; each consumer thread only hands them on, so it is free for the next group. */
    private ExecutorService workers;
    private Semaphore groupSlots;
    private int maxGroups;
    private volatile boolean stopping;
    /** Per consumer channel, its groups in delivery order (acked in that order). */
    private final Map<Channel, AckSequence> sequences = new ConcurrentHashMap<>();

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
        int prefetch = Math.max(endpoint.getPrefetch(), endpoint.getGroupSize());
        // As many groups in flight as the consumers' prefetch can fill, so a consumer is never idle
        // while a group it handed on waits for FCM.
        int groups = endpoint.getConsumers() * Math.max(2, (prefetch + endpoint.getGroupSize() - 1) / endpoint.getGroupSize());
        groupSlots = new Semaphore(groups);
        maxGroups = groups;
        stopping = false;
        workers = Executors.newFixedThreadPool(groups, new CustomizableThreadFactory(endpoint.getThreadNamePrefix()));
        container = new SimpleMessageListenerContainer(endpoint.getComponent().connectionFactory());
        container.setQueueNames(endpoint.getQueue());
        container.setConcurrentConsumers(endpoint.getConsumers());
        container.setPrefetchCount(prefetch);
        container.setConsumerBatchEnabled(true);
        container.setBatchSize(endpoint.getGroupSize());
        container.setBatchReceiveTimeout(endpoint.getGroupWindow());
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        // A queue that is briefly missing (a node restarting) is waited for, not a reason to stop consuming.
        container.setMissingQueuesFatal(false);
        container.setShutdownTimeout(endpoint.getComponent().shutdownTimeout().toMillis());
        container.setTaskExecutor(new SimpleAsyncTaskExecutor("broker-intake-"));
        container.setMessageListener((ChannelAwareBatchMessageListener) this::onGroup);
        container.afterPropertiesSet();
        container.start();
    }

    /**
     * Graceful: from now on a delivered group goes straight back to the queue unsent, the groups in
     * flight get up to the shutdown timeout to finish and be acked, and only then do the consumers
     * stop and their channels close (closing one returns whatever it still had unacked).
     */
    @Override
    protected void doStop() throws Exception {
        if (container != null) {
            stopping = true;
            long timeout = getEndpoint().getComponent().shutdownTimeout().toMillis();
            if (!groupSlots.tryAcquire(maxGroups, timeout, TimeUnit.MILLISECONDS)) {
                LOG.warn("Groups still in flight after {} ms; the broker returns what they leave unacked", timeout);
            }
            container.stop();
            container.destroy();
            container = null;
            workers.shutdownNow();
            workers = null;
        }
        super.doStop();
    }

    /** On the container's consumer thread: hands the group to a worker and returns for the next one. */
    private void onGroup(List<Message> deliveries, Channel consumerChannel) {
        // Acks go on the channel the deliveries came on, never on a new one a proxy would open once it
        // is closed: a tag of a dead channel means nothing elsewhere (406), and the broker has already
        // requeued those deliveries.
        Channel channel = consumerChannel instanceof ChannelProxy proxy ? proxy.getTargetChannel() : consumerChannel;
        long[] tags = deliveries.stream().mapToLong(m -> m.getMessageProperties().getDeliveryTag()).toArray();
        if (stopping || !takeGroupSlot()) {
            for (long tag : tags) {
                settle(channel, () -> channel.basicNack(tag, false, true));
            }
            return;
        }
        sequences.keySet().removeIf(c -> !c.isOpen());
        AckSequence.Ticket ticket = sequences.computeIfAbsent(channel, BrokerConsumer::sequenceOn).open(tags);
        workers.execute(() -> {
            try {
                ticket.complete(process(deliveries, tags));
            } finally {
                groupSlots.release();
            }
        });
    }

    private boolean takeGroupSlot() {
        try {
            groupSlots.acquire();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs the route for one group; returns the delivery tags to return to the queue (all, when it failed). */
    private List<Long> process(List<Message> deliveries, long[] tags) {
        Exchange exchange = createExchange(false);
        try {
            exchange.getMessage().setBody(deliveries);
            getProcessor().process(exchange);
            if (exchange.getException() != null) {
                LOG.warn("A group of {} request(s) failed as a whole; returning it to the queue: {}", deliveries.size(),
                        exchange.getException().toString());
                return Arrays.stream(tags).boxed().toList();
            }
            Collection<?> requeue = exchange.getProperty(REQUEUE, Collection.class);
            return requeue == null ? List.of()
                    : requeue.stream().map(m -> ((Message) m).getMessageProperties().getDeliveryTag()).toList();
        } catch (Exception e) {
            LOG.warn("A group of {} request(s) could not be processed; returning it to the queue", deliveries.size(), e);
            return Arrays.stream(tags).boxed().toList();
        } finally {
            releaseExchange(exchange, false);
        }
    }

    private static AckSequence sequenceOn(Channel channel) {
        return new AckSequence(new AckSequence.Settler() {
            @Override
            public void requeue(long tag) {
                settle(channel, () -> channel.basicNack(tag, false, true));
            }

            @Override
            public void ackUpTo(long tag) {
                settle(channel, () -> channel.basicAck(tag, true));
            }
        });
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
