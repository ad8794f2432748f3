package io.pushgateway.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgateway.config.PushProperties;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BrokerTopologyTest {

    static PushProperties.Topology contractDefaults(PushProperties.QueueType type) {
        return new PushProperties.Topology("push", "push.send", "push.requests", type, 20, "push.feedback",
                "token.update", "push.token.updates", "token.delete", "push.token.deletes", "push.retry.",
                "push.dlx", "push.dead", "push.dead");
    }

    @Test
    void declaresTheContractObjectsWithOneTtlQueuePerRetryLevelDeadLetteringToTheIntake() {
        var topology = new BrokerTopology(contractDefaults(PushProperties.QueueType.QUORUM),
                List.of(Duration.ofSeconds(1), Duration.ofMinutes(2)));

        assertThat(topology.exchanges()).containsExactly(
                new BrokerTopology.ExchangeSpec("push", "direct"),
                new BrokerTopology.ExchangeSpec("push.feedback", "topic"),
                new BrokerTopology.ExchangeSpec("push.dlx", "direct"));
        assertThat(topology.queues()).extracting(BrokerTopology.QueueSpec::name).containsExactly(
                "push.requests", "push.token.updates", "push.token.deletes", "push.dead", "push.retry.1", "push.retry.2");
        var retry2 = topology.queues().get(5).arguments();
        assertThat(retry2).containsEntry("x-message-ttl", 120_000L)
                .containsEntry("x-dead-letter-exchange", "push")
                .containsEntry("x-dead-letter-routing-key", "push.send");
        assertThat(topology.bindings()).contains(
                new BrokerTopology.BindingSpec("push.requests", "push", "push.send"),
                new BrokerTopology.BindingSpec("push.token.updates", "push.feedback", "token.update"),
                new BrokerTopology.BindingSpec("push.token.deletes", "push.feedback", "token.delete"),
                new BrokerTopology.BindingSpec("push.dead", "push.dlx", "push.dead"));
    }

    @Test
    void makesTheIntakeAQuorumQueueWithADeliveryLimitOrAPlainClassicOne() {
        var quorum = new BrokerTopology(contractDefaults(PushProperties.QueueType.QUORUM), List.of(Duration.ofSeconds(1)));
        var classic = new BrokerTopology(contractDefaults(PushProperties.QueueType.CLASSIC), List.of(Duration.ofSeconds(1)));

        assertThat(quorum.queues().get(0).arguments()).containsEntry("x-queue-type", "quorum")
                .containsEntry("x-delivery-limit", 20).containsEntry("x-dead-letter-exchange", "push.dlx");
        assertThat(classic.queues().get(0).arguments()).isEmpty();
    }

    static PushProperties.Topology withQuorumOutcomeQueues() {
        var t = contractDefaults(PushProperties.QueueType.QUORUM);
        return new PushProperties.Topology(t.intakeExchange(), t.intakeRoutingKey(), t.intakeQueue(), t.intakeQueueType(),
                t.intakeDeliveryLimit(), t.feedbackExchange(), t.tokenUpdateRoutingKey(), t.tokenUpdateQueue(),
                t.tokenDeleteRoutingKey(), t.tokenDeleteQueue(), t.retryQueuePrefix(), t.deadLetterExchange(),
                t.deadLetterQueue(), t.deadLetterRoutingKey(), PushProperties.QueueType.QUORUM);
    }

    @Test
    void keepsTheFeedbackRetryAndDeadLetterQueuesClassicUnlessTheOutcomeQueueTypeIsQuorum() {
        var classic = new BrokerTopology(contractDefaults(PushProperties.QueueType.QUORUM), List.of(Duration.ofSeconds(1)));
        var quorum = new BrokerTopology(withQuorumOutcomeQueues(), List.of(Duration.ofSeconds(1)));

        assertThat(classic.queues().subList(1, 5)).allSatisfy(q -> assertThat(q.arguments()).doesNotContainKey("x-queue-type"));
        assertThat(quorum.queues()).allSatisfy(q -> assertThat(q.arguments()).containsEntry("x-queue-type", "quorum"));
    }

    @Test
    void letsAQuorumRetryLevelDeadLetterAtLeastOnceSoARequestSurvivesTheIntakeLeaderGoingAway() {
        var quorum = new BrokerTopology(withQuorumOutcomeQueues(), List.of(Duration.ofSeconds(1)));

        assertThat(quorum.queues().get(4).name()).isEqualTo("push.retry.1");
        assertThat(quorum.queues().get(4).arguments()).containsEntry("x-message-ttl", 1_000L)
                .containsEntry("x-dead-letter-exchange", "push")
                .containsEntry("x-dead-letter-strategy", "at-least-once")
                .containsEntry("x-overflow", "reject-publish");
    }
}
