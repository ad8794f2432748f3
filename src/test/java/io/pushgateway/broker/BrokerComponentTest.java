package io.pushgateway.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pushgateway.testsupport.PrivateRabbitNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/** The broker: endpoint against a real node: confirmed, persistent, and loud about unroutable messages. */
class BrokerComponentTest {

    private CachingConnectionFactory connections;
    private DefaultCamelContext camel;
    private ProducerTemplate producer;
    private RabbitAdmin admin;

    @BeforeEach
    void start() {
        PrivateRabbitNode node = PrivateRabbitNode.shared();
        node.vhost("broker-component");
        connections = new CachingConnectionFactory("127.0.0.1", node.port());
        connections.setVirtualHost("broker-component");
        connections.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
        connections.setPublisherReturns(true);
        admin = new RabbitAdmin(connections);
        admin.declareExchange(new DirectExchange("x.test"));
        admin.declareQueue(new Queue("q.test"));
        admin.declareBinding(new Binding("q.test", Binding.DestinationType.QUEUE, "x.test", "bound", null));
        admin.purgeQueue("q.test");
        camel = new DefaultCamelContext();
        camel.addComponent("broker", new BrokerComponent(connections, Duration.ofSeconds(5), Duration.ofSeconds(5)));
        camel.start();
        producer = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
        connections.destroy();
    }

    @Test
    void publishesAPersistentMessageWithItsPushHeadersAndMessageIdOnceConfirmed() {
        producer.sendBodyAndHeaders("broker:x.test?routingKey=bound", "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                Map.of("x-push-attempt", 2, "PushMessageId", "m-7", "Authorization", "Bearer secret",
                        "Content-Type", "application/json"));

        var message = new RabbitTemplate(connections).receive("q.test", 2000);
        assertThat(message).isNotNull();
        assertThat(new String(message.getBody(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        var props = message.getMessageProperties();
        assertThat(props.getReceivedDeliveryMode()).isEqualTo(MessageDeliveryMode.PERSISTENT);
        assertThat(props.getMessageId()).isEqualTo("m-7");
        assertThat(props.getHeaders()).containsEntry("x-push-attempt", 2).doesNotContainKey("Authorization");
    }

    @Test
    void routesByTheRoutingKeyHeaderWhenOneIsGiven() {
        producer.sendBodyAndHeader("broker:x.test?routingKey=elsewhere", "x".getBytes(StandardCharsets.UTF_8),
                BrokerHeaders.ROUTING_KEY, "bound");
        assertThat(new RabbitTemplate(connections).receive("q.test", 2000)).isNotNull();
    }

    @Test
    void failsTheExchangeWhenNoQueueIsBoundForTheRoutingKey() {
        assertThatThrownBy(() -> producer.sendBody("broker:x.test?routingKey=nobody-listens",
                "lost?".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CamelExecutionException.class)
                .hasCauseInstanceOf(PublishFailedException.class)
                .hasStackTraceContaining("Unroutable");
    }

    @Test
    void failsTheExchangeWhenTheExchangeDoesNotExist() {
        assertThatThrownBy(() -> producer.sendBody("broker:no.such.exchange?routingKey=k",
                "lost?".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CamelExecutionException.class)
                .hasCauseInstanceOf(PublishFailedException.class);
    }

    @Test
    void aNonMandatoryPublishThatNoQueueTakesSucceedsOnceConfirmed() {
        producer.sendBody("broker:x.test?routingKey=nobody-listens&mandatory=false",
                "nobody online".getBytes(StandardCharsets.UTF_8));

        assertThat(new RabbitTemplate(connections).receive("q.test", 200)).isNull();
    }

    @Test
    void aNonMandatoryPublishToAMissingExchangeFailsAndLeavesMandatoryPublishesWorking() {
        assertThatThrownBy(() -> producer.sendBody("broker:no.such.exchange?routingKey=k&mandatory=false",
                "lost?".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CamelExecutionException.class)
                .hasCauseInstanceOf(PublishFailedException.class);

        producer.sendBody("broker:x.test?routingKey=bound", "still fine".getBytes(StandardCharsets.UTF_8));
        assertThat(new RabbitTemplate(connections).receive("q.test", 2000)).isNotNull();
    }
}
