package io.pushgateway.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgateway.config.PushProperties;
import io.pushgateway.testsupport.Await;
import io.pushgateway.testsupport.PrivateRabbitNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Gateways counting each other on the presence queue of a real broker, each with a connection of
 * its own as separate processes have.
 */
class LiveGatewaysTest {

    private static final Duration REFRESH = Duration.ofMillis(200);
    private static final Duration WITHIN = Duration.ofSeconds(10);

    private final PrivateRabbitNode node = PrivateRabbitNode.shared();
    private final List<CachingConnectionFactory> connections = new ArrayList<>();
    private final List<LiveGateways> gateways = new ArrayList<>();
    private String vhost;

    private final BrokerTopology.QueueSpec presence = BrokerTopology.presenceQueue(
            BrokerTopologyTest.contractDefaults(PushProperties.QueueType.QUORUM));

    @AfterEach
    void close() {
        gateways.forEach(LiveGateways::close);
        connections.forEach(CachingConnectionFactory::destroy);
    }

    private CachingConnectionFactory connection(TestInfo test) {
        if (vhost == null) {
            vhost = node.vhost("live-" + test.getTestMethod().orElseThrow().getName());
        }
        CachingConnectionFactory factory = new CachingConnectionFactory("127.0.0.1", node.port());
        factory.setVirtualHost(vhost);
        connections.add(factory);
        return factory;
    }

    private LiveGateways gateway(CachingConnectionFactory factory, List<Integer> counts) {
        LiveGateways gateway = LiveGateways.start(factory, presence, REFRESH, counts::add);
        gateways.add(gateway);
        gateway.join();
        return gateway;
    }

    private LiveGateways gateway(TestInfo test) {
        return gateway(connection(test), new CopyOnWriteArrayList<>());
    }

    @Test
    void aGatewayAloneCountsItselfFromItsFirstCount(TestInfo test) {
        List<Integer> counts = new CopyOnWriteArrayList<>();
        LiveGateways alone = gateway(connection(test), counts);

        assertThat(alone.count()).isEqualTo(1);
        assertThat(counts).as("handed over at once, before the first refresh").startsWith(1);
    }

    @Test
    void aStartingGatewayCountsTheOthersAndItselfButTakesNoShareFromThemUntilItJoins(TestInfo test) {
        LiveGateways a = gateway(test);
        new RabbitAdmin(connection(test)).declareQueue(new org.springframework.amqp.core.Queue(presence.name(), true,
                false, false, presence.arguments()));
        List<Integer> counts = new CopyOnWriteArrayList<>();
        LiveGateways starting = LiveGateways.start(connection(test), presence, REFRESH, counts::add);
        gateways.add(starting);

        assertThat(starting.count()).isEqualTo(2);
        assertThat(counts).containsExactly(2);
        Await.until("a few refreshes of a", WITHIN, () -> a.count() == 1);

        starting.join();
        Await.until("both counting two", WITHIN, () -> a.count() == 2 && starting.count() == 2);
    }

    @Test
    void everyGatewayCountsAllThatHoldAConsumerOnThePresenceQueue(TestInfo test) {
        LiveGateways a = gateway(test);
        LiveGateways b = gateway(test);
        LiveGateways c = gateway(test);

        assertThat(c.count()).as("the last to join counts everyone at its start").isEqualTo(3);
        Await.until("every gateway counting three", WITHIN, () -> a.count() == 3 && b.count() == 3);
    }

    @Test
    void theOthersStopCountingAGatewayWhoseConnectionClosed(TestInfo test) {
        LiveGateways a = gateway(test);
        CachingConnectionFactory dying = connection(test);
        gateway(dying, new CopyOnWriteArrayList<>());
        Await.until("both counting two", WITHIN, () -> a.count() == 2);

        // As the broker sees a killed process: its connection closes, with no goodbye, and never comes back.
        dying.setPort(1);
        dying.resetConnection();

        Await.until("the survivor counting one", WITHIN, () -> a.count() == 1);
    }

    @Test
    void aGatewayConsumesAgainOnceItsConnectionIsBack(TestInfo test) {
        LiveGateways a = gateway(test);
        CachingConnectionFactory flaky = connection(test);
        LiveGateways b = gateway(flaky, new CopyOnWriteArrayList<>());
        Await.until("both counting two", WITHIN, () -> a.count() == 2);

        AtomicInteger reconnections = new AtomicInteger();
        flaky.addConnectionListener(connection -> reconnections.incrementAndGet());
        RabbitAdmin admin = new RabbitAdmin(connection(test));
        // A listener added to a factory that is connected hears of that connection at once.
        int connectionsBefore = reconnections.get();

        flaky.resetConnection();

        // b's next refresh finds its channel closed, opens a new connection and joins again.
        Await.until("b consuming again on a new connection", WITHIN,
                () -> reconnections.get() > connectionsBefore && admin.getQueueInfo(presence.name()).getConsumerCount() == 2);
        Await.until("both counting two", WITHIN, () -> a.count() == 2 && b.count() == 2);
    }

    @Test
    void keepsTheLastCountWhileTheBrokerCannotBeAsked(TestInfo test) {
        LiveGateways a = gateway(test);
        CachingConnectionFactory cut = connection(test);
        List<Integer> counts = new CopyOnWriteArrayList<>();
        LiveGateways b = gateway(cut, counts);
        Await.until("both counting two", WITHIN, () -> a.count() == 2 && b.count() == 2);

        // b's broker goes out of reach: its connection drops, and no new one can be made.
        cut.setPort(1);
        cut.resetConnection();
        Await.until("a counting itself alone", WITHIN, () -> a.count() == 1);
        int before = counts.size();
        Await.until("b refreshing twice more", WITHIN, () -> counts.size() >= before + 2);

        assertThat(b.count()).isEqualTo(2);
        assertThat(counts.subList(before, counts.size())).containsOnly(2);
    }

    @Test
    void aMessagePublishedToThePresenceQueueIsDroppedAndCountsForNothing(TestInfo test) {
        LiveGateways a = gateway(test);
        CachingConnectionFactory publisher = connection(test);

        new RabbitTemplate(publisher).send("", presence.name(), new Message("stray".getBytes(), new MessageProperties()));

        RabbitAdmin admin = new RabbitAdmin(publisher);
        Await.until("the stray message gone", WITHIN, () -> admin.getQueueInfo(presence.name()).getMessageCount() == 0);
        assertThat(a.count()).isEqualTo(1);
    }
}
