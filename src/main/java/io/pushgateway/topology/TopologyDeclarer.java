package io.pushgateway.topology;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

/**
 * Declares the topology idempotently. Each object gets its own channel because RabbitMQ closes
 * the channel on a refused declaration; that way the refusal names exactly one object.
 */
public final class TopologyDeclarer {

    private static final Logger LOG = LoggerFactory.getLogger(TopologyDeclarer.class);
    private static final Pattern INEQUIVALENT_ARG = Pattern.compile("inequivalent arg '([^']+)'");

    private final ConnectionFactory connectionFactory;

    public TopologyDeclarer(ConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    public void declare(BrokerTopology topology) {
        try (Connection connection = connectionFactory.createConnection()) {
            for (var exchange : topology.exchanges()) {
                run(connection, "exchange", exchange.name(),
                        ch -> ch.exchangeDeclare(exchange.name(), exchange.type(), true, false, null));
            }
            for (var queue : topology.queues()) {
                run(connection, "queue", queue.name(),
                        ch -> ch.queueDeclare(queue.name(), true, false, false, queue.arguments()));
            }
            for (var binding : topology.bindings()) {
                run(connection, "binding of queue", binding.queue(),
                        ch -> ch.queueBind(binding.queue(), binding.exchange(), binding.routingKey()));
            }
        }
        LOG.info("Broker topology declared: {} exchanges, {} queues, {} bindings",
                topology.exchanges().size(), topology.queues().size(), topology.bindings().size());
    }

    private interface Declaration {
        void apply(Channel channel) throws IOException;
    }

    private static void run(Connection connection, String kind, String name, Declaration declaration) {
        Channel channel = connection.createChannel(false);
        try {
            declaration.apply(channel);
            channel.close();
        } catch (IOException | java.util.concurrent.TimeoutException e) {
            throw translate(kind, name, e);
        } catch (ShutdownSignalException e) {
            throw translate(kind, name, e);
        }
    }

    private static RuntimeException translate(String kind, String name, Exception e) {
        String text = brokerText(e);
        Matcher m = INEQUIVALENT_ARG.matcher(text);
        if (m.find()) {
            return new TopologyConflictException(kind, name, m.group(1), text);
        }
        return new IllegalStateException("Could not declare " + kind + " '" + name + "': " + text, e);
    }

    private static String brokerText(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ShutdownSignalException sse && sse.getReason() != null) {
                return String.valueOf(sse.getReason().protocolMethodName()) + " "
                        + reasonText(sse);
            }
        }
        return String.valueOf(e.getMessage());
    }

    private static String reasonText(ShutdownSignalException sse) {
        if (sse.getReason() instanceof com.rabbitmq.client.AMQP.Channel.Close close) {
            return close.getReplyText();
        }
        return sse.getMessage();
    }
}
