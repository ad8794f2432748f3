package io.pushgateway.topology;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

/**
 * How many gateways are consuming now, learnt from the broker they share, with no server of our
 * own: each gateway holds exactly one consumer on the presence queue
 * ({@link BrokerTopology#presenceQueue}), and every refresh a passive declare of that queue returns
 * its consumer count, which is the number of live gateways. A gateway's consumer goes when the
 * broker sees its connection close: at once for a killed or stopped process, after the heartbeat
 * timeout for a host that vanished.
 *
 * <p>Why not the intake's own consumer count: it counts consumers, not gateways (their number is a
 * setting that may differ between pods during a rollout), and anything else consuming the intake
 * would be counted too. The presence queue holds nothing, and says exactly one thing.
 *
 * <p>Every refresh hands the count to {@code onCount}, the last known one while the broker cannot
 * be asked (a gateway that cannot reach the broker cannot ack either, so its share matters little
 * then). The consumer lives on a channel of its own on the gateway's connection; when the channel
 * or the connection went away, the next refresh declares the queue again and consumes anew.
 */
public final class LiveGateways implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveGateways.class);

    private final ConnectionFactory connections;
    private final BrokerTopology.QueueSpec queue;
    private final IntConsumer onCount;
    private final ScheduledExecutorService ticker;
    private final Duration refresh;
    private final java.util.concurrent.atomic.AtomicBoolean joined = new java.util.concurrent.atomic.AtomicBoolean();
    /** This gateway's presence: null until consuming, and after the channel went away. */
    private Presence presence;
    private volatile int count = 1;
    /** Whether the broker ever answered, and whether the last refresh failed: each change is logged once. */
    private boolean known;
    private boolean failing;

    LiveGateways(ConnectionFactory connections, BrokerTopology.QueueSpec queue, Duration refresh, IntConsumer onCount) {
        this.connections = connections;
        this.queue = queue;
        this.refresh = refresh;
        this.onCount = onCount;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "live-gateways");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Counts the gateways already on the presence queue, plus this one about to join, so that the
     * shares are right from the first send; {@link #join} then consumes and counts every
     * {@code refresh}. Joining waits until the routes consume: a gateway still starting (seconds
     * on a busy node) would take a share it cannot send yet.
     */
    public static LiveGateways start(ConnectionFactory connections, BrokerTopology.QueueSpec queue, Duration refresh,
                                     IntConsumer onCount) {
        LiveGateways live = new LiveGateways(connections, queue, refresh, onCount);
        live.countOthers();
        return live;
    }

    /** Holds this gateway's consumer from now on and counts every refresh; once only. */
    public void join() {
        if (joined.compareAndSet(false, true)) {
            refresh();
            ticker.scheduleWithFixedDelay(this::refresh, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Before joining: the consumers there now, and this gateway. */
    private synchronized void countOthers() {
        try {
            Channel channel = connections.createConnection().getDelegate().createChannel();
            try {
                count = channel.queueDeclarePassive(queue.name()).getConsumerCount() + 1;
                LOG.info("live gateways: {} with this one, which joins {} once its routes consume", count, queue.name());
            } finally {
                if (channel.isOpen()) {
                    channel.close();
                }
            }
        } catch (IOException | RuntimeException | java.util.concurrent.TimeoutException e) {
            // No queue yet (the first gateway of a fresh broker) or no broker: this one alone so far.
            LOG.info("live gateways: none counted on {} before joining ({})", queue.name(), e.toString());
        }
        onCount.accept(count);
    }

    /** The gateways alive at the last count, this one included; 1 before the broker ever answered. */
    public int count() {
        return count;
    }

    /** Consumes the presence queue unless already doing so, then counts its consumers. */
    synchronized void refresh() {
        try {
            if (presence == null || !presence.isConsuming()) {
                leave();
                presence = Presence.join(connections, queue);
            }
            int consumers = presence.getChannel().queueDeclarePassive(queue.name()).getConsumerCount();
            // At least this gateway, whose consume-ok came before the count.
            int now = Math.max(1, consumers);
            if (!known || failing || now != count) {
                LOG.info("live gateways: {} (consumers of {})", now, queue.name());
            }
            count = now;
            known = true;
            failing = false;
        } catch (IOException | RuntimeException e) {
            if (!failing) {
                LOG.warn("cannot count the live gateways on {} ({}); keeping {} until the broker answers",
                        queue.name(), e.toString(), count);
            }
            failing = true;
            leave();
        }
        try {
            onCount.accept(count);
        } catch (RuntimeException e) {
            LOG.warn("the live gateway count could not be applied", e);
        }
    }

    private void leave() {
        if (presence != null) {
            presence.leave();
            presence = null;
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        synchronized (this) {
            leave();
        }
    }

    /** One consumer on the presence queue, on a channel of its own; it never holds a message. */
    private static final class Presence extends DefaultConsumer {

        private volatile boolean cancelled;

        private Presence(Channel channel) {
            super(channel);
        }

        static Presence join(ConnectionFactory connections, BrokerTopology.QueueSpec queue) throws IOException {
            // The client's own channel, not one of Spring's cached ones: closing it must end the consumer.
            Channel channel = connections.createConnection().getDelegate().createChannel();
            if (channel == null) {
                throw new IOException("no channel left on the broker connection");
            }
            Presence presence = new Presence(channel);
            try {
                // Again, in case it was deleted since the start (the same arguments, so never a conflict).
                channel.queueDeclare(queue.name(), true, false, false, queue.arguments());
                // Auto-ack: anything published to the queue by name is dropped at once.
                channel.basicConsume(queue.name(), true, presence);
                return presence;
            } catch (IOException | RuntimeException e) {
                presence.leave();
                throw e;
            }
        }

        boolean isConsuming() {
            return !cancelled && getChannel().isOpen();
        }

        /** The broker cancelled the consumer (the queue was deleted): consume again at the next refresh. */
        @Override
        public void handleCancel(String consumerTag) {
            cancelled = true;
        }

        void leave() {
            try {
                if (getChannel().isOpen()) {
                    getChannel().close();
                }
            } catch (IOException | RuntimeException | java.util.concurrent.TimeoutException e) {
                // Already closing with its connection: the broker drops the consumer with it.
            }
        }
    }
}
