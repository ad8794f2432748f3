package io.pushgateway.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pushgateway.PushGatewayApplication;
import io.pushgateway.config.PushProperties;
import io.pushgateway.testsupport.Await;
import io.pushgateway.testsupport.PrivateRabbitNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Declaring the topology on a real broker: idempotent, and clear about conflicts. */
class TopologyDeclarerTest {

    private final PrivateRabbitNode node = PrivateRabbitNode.shared();
    private CachingConnectionFactory connections;

    private CachingConnectionFactory connect(String vhost) {
        node.vhost(vhost);
        connections = new CachingConnectionFactory("127.0.0.1", node.port());
        connections.setVirtualHost(vhost);
        return connections;
    }

    @AfterEach
    void close() {
        if (connections != null) {
            connections.destroy();
        }
    }

    private static BrokerTopology topology(List<Duration> delays) {
        return new BrokerTopology(BrokerTopologyTest.contractDefaults(PushProperties.QueueType.QUORUM), delays);
    }

    @Test
    void declaresTheSameTopologyTwiceWithoutComplaint() {
        var declarer = new TopologyDeclarer(connect("topology-twice"));
        declarer.declare(topology(List.of(Duration.ofSeconds(1))));
        declarer.declare(topology(List.of(Duration.ofSeconds(1))));
        assertThat(new RabbitAdmin(connections).getQueueInfo("push.retry.1")).isNotNull();
    }

    @Test
    void namesTheRetryQueueAndTheArgumentWhenALevelExistsWithAnotherDelay() {
        var declarer = new TopologyDeclarer(connect("topology-ttl"));
        declarer.declare(topology(List.of(Duration.ofSeconds(1))));

        assertThatThrownBy(() -> declarer.declare(topology(List.of(Duration.ofSeconds(2)))))
                .isInstanceOfSatisfying(TopologyConflictException.class, e -> {
                    assertThat(e.objectName()).isEqualTo("push.retry.1");
                    assertThat(e.argument()).isEqualTo("x-message-ttl");
                    assertThat(e.getMessage()).contains("queue 'push.retry.1'").contains("x-message-ttl");
                });
    }

    @Test
    void aQuorumRetryLevelHoldsARequestForItsDelayAndDeadLettersItBackToTheIntake() {
        var cf = connect("topology-quorum-outcomes");
        new TopologyDeclarer(cf).declare(new BrokerTopology(BrokerTopologyTest.withQuorumOutcomeQueues(),
                List.of(Duration.ofMillis(300))));
        assertThat(node.ctl("list_queues", "-q", "--no-table-headers", "-p", "topology-quorum-outcomes", "name", "type"))
                .containsPattern("push\\.retry\\.1\\s+quorum").containsPattern("push\\.token\\.deletes\\s+quorum")
                .containsPattern("push\\.dead\\s+quorum");
        var admin = new RabbitAdmin(cf);

        var rabbit = new RabbitTemplate(cf);
        long sent = System.nanoTime();
        rabbit.convertAndSend("", "push.retry.1", "{\"registration_tokens\":[\"t\"]}");
        Await.until("the retried request back in the intake", Duration.ofSeconds(20),
                () -> admin.getQueueInfo("push.requests").getMessageCount() == 1);

        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(admin.getQueueInfo("push.retry.1").getMessageCount()).isZero();
        var back = rabbit.receive("push.requests", 5_000);
        assertThat(back).isNotNull();
        assertThat(back.getMessageProperties().getHeaders()).containsKey("x-death");
    }

    @Test
    void refusesToStartTheGatewayAndNamesTheIntakeQueueWhenItExistsAsAClassicQueue() {
        var cf = connect("topology-conflict");
        new RabbitAdmin(cf).declareQueue(new Queue("push.requests", true, false, false, Map.of()));

        assertThatThrownBy(() -> new SpringApplicationBuilder(PushGatewayApplication.class).properties(Map.of(
                "spring.rabbitmq.host", "127.0.0.1",
                "spring.rabbitmq.port", node.port(),
                "spring.rabbitmq.virtual-host", "topology-conflict",
                "server.port", 0)).run().close())
                .hasStackTraceContaining("queue 'push.requests' already exists")
                .satisfies(e -> {
                    TopologyConflictException conflict = rootConflict(e);
                    assertThat(conflict).isNotNull();
                    assertThat(conflict.objectName()).isEqualTo("push.requests");
                    // The broker names the first argument it finds different; any of the intake's will do.
                    assertThat(conflict.argument()).isIn("x-queue-type", "x-dead-letter-exchange",
                            "x-dead-letter-routing-key", "x-delivery-limit");
                    assertThat(conflict.getMessage()).contains("'" + conflict.argument() + "'");
                });
    }

    private static TopologyConflictException rootConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TopologyConflictException conflict) {
                return conflict;
            }
        }
        return null;
    }
}
