package io.pushgateway.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.pushgateway.config.PushProperties;
import io.pushgateway.topology.BrokerTopology;
import io.pushgateway.topology.TopologyDeclarer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/** The benchmark's producer: declares the gateway's topology in a vhost and publishes requests into it. */
final class RequestPublisher {

    static final String INTAKE_QUEUE = "push.requests";
    private static final List<Duration> RETRY_DELAYS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(10));
    /** Requests between waits for publisher confirms when publishing as fast as possible. */
    private static final int CONFIRM_EVERY = 500;

    private final int port;

    RequestPublisher(int port) {
        this.port = port;
    }

    /** Declares the topology the gateway declares, with an intake queue of {@code queueType} (quorum|classic). */
    void declareTopology(String vhost, String queueType) {
        CachingConnectionFactory connections = new CachingConnectionFactory("127.0.0.1", port);
        connections.setVirtualHost(vhost);
        try {
            var type = PushProperties.QueueType.valueOf(queueType.toUpperCase(Locale.ROOT));
            var topology = new PushProperties.Topology("push", "push.send", INTAKE_QUEUE, type, 20, "push.feedback",
                    "token.update", "push.token.updates", "token.delete", "push.token.deletes", "push.retry.", "push.dlx",
                    "push.dead", "push.dead");
            new TopologyDeclarer(connections).declare(new BrokerTopology(topology, RETRY_DELAYS));
        } finally {
            connections.destroy();
        }
    }

    /**
     * Publishes persistent requests with publisher confirms; {@code requestsPerSecond} 0 publishes
     * as fast as possible, otherwise at that pace with {@code bench_ts} (epoch millis) in the data.
     * Tokens are {@code <prefix><request>-<index>}, so no two runs share one.
     */
    void publish(String vhost, int requests, int tokensPerRequest, String prefix, double requestsPerSecond)
            throws IOException, TimeoutException, InterruptedException {
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("text/plain").deliveryMode(2).build();
        try (Connection connection = connect(vhost); Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            long start = System.nanoTime();
            boolean paced = requestsPerSecond > 0;
            for (int r = 0; r < requests; r++) {
                if (paced) {
                    long due = start + (long) (r * 1e9 / requestsPerSecond);
                    long wait = due - System.nanoTime();
                    if (wait > 50_000) {
                        LockSupport.parkNanos(wait);
                    }
                }
                byte[] body = request(prefix + r, tokensPerRequest, paced);
                channel.basicPublish("push", "push.send", props, body);
                if (!paced && r % CONFIRM_EVERY == CONFIRM_EVERY - 1) {
                    channel.waitForConfirmsOrDie(60_000);
                }
            }
            channel.waitForConfirmsOrDie(120_000);
        }
    }

    /** Consumers on the intake queue right now (0 when the gateway does not consume yet). */
    static long intakeConsumers(Channel channel) throws IOException {
        return channel.queueDeclarePassive(INTAKE_QUEUE).getConsumerCount();
    }

    Connection connect(String vhost) throws IOException, TimeoutException {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(port);
        factory.setVirtualHost(vhost);
        return factory.newConnection();
    }

    private static byte[] request(String id, int tokens, boolean stamped) {
        StringBuilder body = new StringBuilder(64 + tokens * 24);
        body.append("{\"title\":\"bench\",\"body\":\"b\",\"message_id\":\"").append(id).append('"');
        if (stamped) {
            body.append(",\"data\":{\"bench_ts\":\"").append(System.currentTimeMillis()).append("\"}");
        }
        body.append(",\"registration_tokens\":[");
        for (int t = 0; t < tokens; t++) {
            body.append(t == 0 ? "" : ",").append('"').append(id).append('-').append(t).append('"');
        }
        return body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
