package io.pushgateway.broker;

import static io.pushgateway.testsupport.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.pushgateway.testsupport.PrivateRabbitNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/** The broker: consumer against a real node: groups of deliveries, acked only when their exchange completed. */
class BrokerConsumerTest {

    private static final String QUEUE = "q.groups";
    private CachingConnectionFactory connections;
    private DefaultCamelContext camel;
    private RabbitAdmin admin;
    private RabbitTemplate template;
    private final List<List<String>> groups = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        PrivateRabbitNode node = PrivateRabbitNode.shared();
        node.vhost("broker-consumer");
        connections = new CachingConnectionFactory("127.0.0.1", node.port());
        connections.setVirtualHost("broker-consumer");
        admin = new RabbitAdmin(connections);
        admin.declareQueue(new Queue(QUEUE));
        admin.purgeQueue(QUEUE);
        template = new RabbitTemplate(connections);
        camel = new DefaultCamelContext();
        camel.addComponent("broker", new BrokerComponent(connections, Duration.ofSeconds(5), Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        camel.stop();
        connections.destroy();
    }

    private void publish(String... bodies) {
        for (String body : bodies) {
            template.convertAndSend("", QUEUE, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void consume(RouteBuilder route) throws Exception {
        camel.addRoutes(route);
        camel.start();
    }

    private static String uri(int groupSize) {
        return "broker:ignored?queue=" + QUEUE + "&consumers=1&prefetch=" + groupSize + "&groupSize=" + groupSize
                + "&groupWindow=500ms";
    }

    private static List<String> bodies(List<Message> deliveries) {
        return deliveries.stream().map(m -> new String(m.getBody(), StandardCharsets.UTF_8)).toList();
    }

    private int ready() {
        return admin.getQueueInfo(QUEUE).getMessageCount();
    }

    @Test
    @SuppressWarnings("unchecked")
    void oneExchangeCarriesAGroupOfDeliveriesAndTheGroupIsAckedWhenItCompletes() throws Exception {
        publish("a", "b", "c", "d", "e");
        consume(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri(5)).process(e -> groups.add(bodies(e.getMessage().getBody(List.class))));
            }
        });

        until("one group", Duration.ofSeconds(10), () -> groups.size() == 1);
        camel.stop();
        assertThat(groups.get(0)).containsExactly("a", "b", "c", "d", "e");
        assertThat(ready()).as("acked, so nothing came back when the consumer stopped").isZero();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDeliveriesTheRouteNamesGoBackToTheQueueAndTheRestIsAcked() throws Exception {
        publish("keep-1", "back-1", "keep-2", "back-2");
        consume(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri(4)).process(e -> {
                    List<Message> deliveries = e.getMessage().getBody(List.class);
                    if (groups.isEmpty()) {
                        e.setProperty(BrokerHeaders.REQUEUE, deliveries.stream()
                                .filter(m -> new String(m.getBody(), StandardCharsets.UTF_8).startsWith("back")).toList());
                    }
                    groups.add(bodies(deliveries));
                });
            }
        });

        until("the returned deliveries come again", Duration.ofSeconds(10),
                () -> groups.stream().mapToInt(List::size).sum() == 6);
        assertThat(groups.get(0)).containsExactly("keep-1", "back-1", "keep-2", "back-2");
        assertThat(groups.subList(1, groups.size()).stream().flatMap(List::stream).toList())
                .containsExactlyInAnyOrder("back-1", "back-2");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aGroupWhoseExchangeFailsComesBackWhole() throws Exception {
        publish("x", "y");
        AtomicInteger attempts = new AtomicInteger();
        consume(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri(2)).process(e -> {
                    groups.add(bodies(e.getMessage().getBody(List.class)));
                    if (attempts.incrementAndGet() == 1) {
                        throw new IllegalStateException("the group failed as a whole");
                    }
                });
            }
        });

        until("delivered again after the failure", Duration.ofSeconds(10), () -> groups.size() == 2);
        camel.stop();
        assertThat(groups.get(1)).containsExactlyInAnyOrder("x", "y");
        assertThat(ready()).isZero();
    }
}
