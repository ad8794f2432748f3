package io.pushgateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;

/** The gateway or the broker goes away in the middle of the work: nothing may be lost. */
class CrashAndRestartFaultIT extends FaultTestBase {

    private static final int REQUESTS = 200;
    private static final int TOKENS_PER_REQUEST = 25;

    @Test
    void losesNothingWhenTheGatewayIsKilledMidFlightAndBoundsTheDuplicatesByWhatWasInFlight() {
        emulator.setLatency(Duration.ofMillis(50), Duration.ZERO);
        TokenLedger ledger = publish(REQUESTS, TOKENS_PER_REQUEST, "kill-");
        GatewayProcess gateway = startGateway();
        await("a fifth delivered", Duration.ofSeconds(60), () -> ledger.delivered(emulator.stats()) >= ledger.size() / 5);
        gateway.kill9();
        long deliveredAtKill = ledger.delivered(emulator.stats());
        assertThat(deliveredAtKill).as("killed while work was left").isLessThan(ledger.size());

        startGateway();
        await("every token delivered", Duration.ofSeconds(120), () -> ledger.delivered(emulator.stats()) == ledger.size());
        await("queues drained", Duration.ofSeconds(30), this::queuesEmpty);

        long lost = ledger.lost(emulator.stats(), Set.of());
        long twice = ledger.sentTwice(emulator.stats());
        // Unacked at the kill: at most consumers x prefetch requests, each of TOKENS_PER_REQUEST tokens.
        long bound = (long) CONSUMERS * PREFETCH * TOKENS_PER_REQUEST;
        TokenLedger.report("kill-9", ledger.size(), lost, twice, "bound=" + bound + " delivered-before-kill=" + deliveredAtKill);
        assertThat(lost).isZero();
        assertThat(twice).isLessThanOrEqualTo(bound);
    }

    @Test
    void losesNothingWhenKilledInTheMiddleOfGroupsAtTheProductsDefaultsAndResendsAtMostTheUnackedGroups() {
        // The jar's own intake defaults: 4 consumers, groups of up to 200, 400 unacked per consumer.
        Map<String, String> defaults = Map.of("push.intake.consumers", "4", "push.intake.prefetch", "400",
                "push.intake.batch-size", "200", "push.intake.batch-window", "5ms");
        emulator.setLatency(Duration.ofMillis(50), Duration.ZERO);
        TokenLedger ledger = publish(4000, 2, "group-");
        GatewayProcess gateway = startGateway(defaults);
        await("some groups delivered", Duration.ofSeconds(60), () -> ledger.delivered(emulator.stats()) >= 1000);
        gateway.kill9();
        long deliveredAtKill = ledger.delivered(emulator.stats());
        assertThat(deliveredAtKill).as("killed while work was left").isLessThan(ledger.size());

        startGateway(defaults);
        await("every token delivered", Duration.ofSeconds(120), () -> ledger.delivered(emulator.stats()) == ledger.size());
        await("queues drained", Duration.ofSeconds(30), this::queuesEmpty);

        long lost = ledger.lost(emulator.stats(), Set.of());
        long twice = ledger.sentTwice(emulator.stats());
        // Unacked at the kill: at most consumers x prefetch requests (docs/contract.md, "Delivery guarantee").
        long bound = 4L * 400 * 2;
        TokenLedger.report("kill-9-groups", ledger.size(), lost, twice,
                "bound=" + bound + " delivered-before-kill=" + deliveredAtKill);
        assertThat(lost).isZero();
        assertThat(twice).isLessThanOrEqualTo(bound);
    }

    @Test
    void finishesOrReturnsInFlightWorkOnSigtermWithinTheGracePeriodAndLosesNothing() {
        emulator.setLatency(Duration.ofMillis(50), Duration.ZERO);
        TokenLedger ledger = publish(REQUESTS, TOKENS_PER_REQUEST, "term-");
        GatewayProcess gateway = startGateway();
        await("a fifth delivered", Duration.ofSeconds(60), () -> ledger.delivered(emulator.stats()) >= ledger.size() / 5);
        Duration took = gateway.terminate(Duration.ofSeconds(40));
        long deliveredAtStop = ledger.delivered(emulator.stats());
        assertThat(took).as("shutdown within the 10 s grace period (plus JVM exit)").isLessThan(Duration.ofSeconds(15));

        startGateway();
        await("every token delivered", Duration.ofSeconds(120), () -> ledger.delivered(emulator.stats()) == ledger.size());
        await("queues drained", Duration.ofSeconds(30), this::queuesEmpty);

        long lost = ledger.lost(emulator.stats(), Set.of());
        long twice = ledger.sentTwice(emulator.stats());
        TokenLedger.report("sigterm", ledger.size(), lost, twice,
                "shutdown=" + took.toMillis() + "ms delivered-before-stop=" + deliveredAtStop);
        assertThat(lost).isZero();
        assertThat(twice).as("graceful: in-flight requests finished and were acked").isZero();
    }

    @Test
    void reconnectsByItselfAfterABrokerRestartAndKeepsFeedbackDurableWhileNobodyConsumesIt() {
        emulator.setLatency(Duration.ofMillis(50), Duration.ZERO);
        TokenLedger delivered = publish(REQUESTS / 2, TOKENS_PER_REQUEST, "restart-");
        TokenLedger unregistered = publish(40, 5, "error-UNREGISTERED-");
        GatewayProcess gateway = startGateway();
        await("a fifth delivered", Duration.ofSeconds(60),
                () -> delivered.delivered(emulator.stats()) >= delivered.size() / 5);

        node.stopNode();
        GatewayProcess.pause(2000);
        node.startNode();

        await("every deliverable token delivered", Duration.ofSeconds(120),
                () -> delivered.delivered(emulator.stats()) == delivered.size());
        await("every unregistered token answered", Duration.ofSeconds(60),
                () -> unregistered.all(t -> emulator.stats().attempts(t) > 0));
        await("queues drained", Duration.ofSeconds(60), this::queuesEmpty);
        assertThat(gateway.isAlive()).as("recovered without a restart").isTrue();

        // Nobody consumes the feedback queues: the events wait there, durable, across another restart.
        await("every delete event published", Duration.ofSeconds(30),
                () -> depth("push.token.deletes") >= unregistered.size());
        node.stopNode();
        node.startNode();
        List<Message> events = drain("push.token.deletes");
        Set<String> deletedTokens = tokensIn(events);
        assertThat(events).allMatch(m -> m.getMessageProperties().getReceivedDeliveryMode() == MessageDeliveryMode.PERSISTENT);

        long lost = delivered.lost(emulator.stats(), Set.of()) + unregistered.lost(emulator.stats(), deletedTokens);
        long twice = delivered.sentTwice(emulator.stats()) + (events.size() - deletedTokens.size());
        TokenLedger.report("broker-restart", delivered.size() + unregistered.size(), lost, twice,
                "delete-events-kept=" + events.size());
        assertThat(lost).isZero();
        assertThat(deletedTokens).containsAll(unregistered.tokens());
    }

}
