package io.pushgateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgateway.config.PushProperties;
import io.pushgateway.emulator.EmulatorSettings;
import io.pushgateway.emulator.FcmEmulator;
import io.pushgateway.emulator.Outage;
import io.pushgateway.testsupport.PrivateRabbitCluster;
import io.pushgateway.topology.BrokerTopology;
import io.pushgateway.topology.TopologyDeclarer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Production's shape: a three-node RabbitMQ cluster with every queue a quorum queue replicated on
 * all three, and two gateways (the packaged jar, each in its own JVM) competing for the intake,
 * each given the list of node addresses. Under load the node leading the intake is killed -9, then
 * one gateway; then both come back. Not a token may be lost. Both scenarios share one cluster.
 */
class ClusterFaultIT {

    private static final int REQUESTS = 800;
    private static final int TOKENS_PER_REQUEST = 25;
    private static final String INTAKE = "push.requests";
    /** Deliveries that show the work goes on after a fault (a few hundred ms of work). */
    private static final int PROGRESS = 1_000;

    private static PrivateRabbitCluster cluster;

    private String vhost;
    private Path workDir;
    private FcmEmulator emulator;
    private Path credentials;
    private CachingConnectionFactory connections;
    private RabbitAdmin admin;
    private final List<GatewayProcess> gateways = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        cluster = PrivateRabbitCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.stop();
        }
    }

    @BeforeEach
    void setUp(TestInfo test) throws Exception {
        vhost = cluster.vhost("cluster-" + test.getTestMethod().orElseThrow().getName());
        workDir = Path.of(System.getProperty("gateway.jar", "target/x.jar")).toAbsolutePath().getParent()
                .resolve("faults").resolve(vhost);
        emulator = FcmEmulator.start(EmulatorSettings.defaults().withLatency(Duration.ofMillis(50)));
        credentials = emulator.writeServiceAccountFile(Files.createDirectories(workDir), "cluster-project");
        // Through node 1 first: the queues this connection declares are led by node 1 (client-local).
        connections = new CachingConnectionFactory();
        connections.setAddresses(cluster.addressesFrom(1));
        connections.setAddressShuffleMode(AbstractConnectionFactory.AddressShuffleMode.NONE);
        connections.setVirtualHost(vhost);
        admin = new RabbitAdmin(connections);
    }

    @AfterEach
    void tearDown() {
        gateways.forEach(GatewayProcess::close);
        cluster.restartKilled();
        emulator.setOutage(Outage.none());
        emulator.close();
        connections.destroy();
    }

    @Test
    void losesNoTokenWhenTheNodeLeadingTheIntakeAndThenAGatewayAreKilledUnderLoad() {
        runScenario("cluster", false);
    }

    @Test
    void losesNoTokenWhenFcmAlsoAnswers503ForThreeSecondsWhileAGatewayIsKilled() {
        runScenario("cluster-fcm-503-3s", true);
    }

    private void runScenario(String name, boolean fcmOutage) {
        declareTopology();
        TokenLedger ledger = publish();
        await("every request on the intake", Duration.ofSeconds(30), () -> depth(INTAKE) == REQUESTS);
        PrivateRabbitCluster.Members before = cluster.members(INTAKE, vhost);
        assertThat(before.members()).as("the intake replicated on every node").hasSize(PrivateRabbitCluster.NODES);
        int leaderBefore = cluster.node(before.leader());
        assertThat(leaderBefore).as("declared through node 1, the intake is led by node 1 (client-local)").isEqualTo(1);

        DeliveryGapMeter gaps = DeliveryGapMeter.start(emulator);
        // Gateway A connects to node 1 first, so it loses its connection with the leader; gateway B
        // connects to node 2 first and keeps its connection while the intake's leadership moves.
        CompletableFuture<GatewayProcess> b = CompletableFuture.supplyAsync(() -> startGateway("b", 2));
        GatewayProcess gatewayA = startGateway("a", 1);
        GatewayProcess gatewayB = b.join();

        await("a fifth delivered", Duration.ofSeconds(120), () -> delivered() >= ledger.size() / 5);
        long atNodeKill = delivered();
        cluster.kill(leaderBefore);
        CompletableFuture<Integer> leaderAfter = CompletableFuture.supplyAsync(() -> newLeader(leaderBefore));
        await("deliveries going on without node " + leaderBefore, Duration.ofSeconds(60),
                () -> delivered() >= Math.min(ledger.size(), atNodeKill + PROGRESS));

        long outageStart = System.nanoTime();
        if (fcmOutage) {
            emulator.setOutage(Outage.unavailable(Duration.ofSeconds(1)));
        }
        gatewayB.kill9();
        long atGatewayKill = delivered();
        if (fcmOutage) {
            // The outage is a span of wall-clock time, nothing to wait on: FCM answers 503 for 3 s.
            GatewayProcess.pause(Math.max(0, 3_000 - (System.nanoTime() - outageStart) / 1_000_000));
            emulator.setOutage(Outage.none());
        }
        // Node 1 is still down: gateway A, the only one left, delivers only if it moved off it to a live node.
        await("gateway A delivering on its own from a live node", Duration.ofSeconds(60),
                () -> delivered() >= Math.min(ledger.size(), atGatewayKill + PROGRESS));
        long atRestart = delivered();

        CompletableFuture<Void> nodeBack = CompletableFuture.runAsync(() -> cluster.start(leaderBefore));
        startGateway("b-restarted", 2);
        nodeBack.join();

        boolean allDelivered = awaitQuietly(Duration.ofSeconds(180), () -> delivered() == ledger.size());
        boolean drained = awaitQuietly(Duration.ofSeconds(60), this::queuesEmpty);
        gaps.close();
        PrivateRabbitCluster.Members after = cluster.members(INTAKE, vhost);

        long lost = ledger.lost(emulator.stats(), Set.of());
        long twice = ledger.sentTwice(emulator.stats());
        long lateAcks = channelsClosedForUnknownDeliveryTags();
        // Unacked when a gateway lost its channel (A at the node kill, B at its own kill): consumers x prefetch requests.
        long bound = 2L * FaultTestBase.CONSUMERS * FaultTestBase.PREFETCH * TOKENS_PER_REQUEST;
        TokenLedger.report(name, ledger.size(), lost, twice, "no-delivery-gap-ms=" + gaps.longestGapMillis()
                + " leader-before=node" + leaderBefore + " leader-after=node" + leaderAfter.join()
                + " delivered-at-node-kill=" + atNodeKill + " at-gateway-kill=" + atGatewayKill
                + " at-restart=" + atRestart + " online-after=" + after.online().size() + " sent-twice-bound=" + bound
                + " channels-closed-406=" + lateAcks);
        assertThat(lost).isZero();
        // An ack for a delivery of a channel that died with its node must be a no-op (the broker
        // has requeued the delivery), never an ack on another channel that closes it with a 406.
        assertThat(lateAcks).as("channels closed by a late ack (406 unknown delivery tag)").isZero();
        assertThat(allDelivered).isTrue();
        assertThat(drained).as("intake and retry levels empty").isTrue();
        assertThat(leaderAfter.join()).as("a surviving node took over the intake").isNotEqualTo(leaderBefore);
        assertThat(after.online()).as("the restarted node back as a replica").hasSize(PrivateRabbitCluster.NODES);
        assertThat(gatewayA.isAlive()).as("gateway A recovered without a restart").isTrue();
    }

    /** Channel closes the gateways logged for an ack naming a delivery tag the channel never had. */
    private long channelsClosedForUnknownDeliveryTags() {
        synchronized (gateways) {
            return gateways.stream().mapToLong(g -> g.logText().lines()
                    .filter(line -> line.contains("PRECONDITION_FAILED - unknown delivery tag")).count()).sum();
        }
    }

    /** Every queue quorum (intake, feedback, retry levels, dead letters), as the gateways declare them. */
    private void declareTopology() {
        var topology = new PushProperties.Topology("push", "push.send", INTAKE, PushProperties.QueueType.QUORUM, 20,
                "push.feedback", "token.update", "push.token.updates", "token.delete", "push.token.deletes",
                "push.retry.", "push.dlx", "push.dead", "push.dead", PushProperties.QueueType.QUORUM);
        new TopologyDeclarer(connections).declare(new BrokerTopology(topology, FaultTestBase.RETRY_DELAYS));
    }

    private TokenLedger publish() {
        RabbitTemplate rabbit = new RabbitTemplate(connections);
        TokenLedger ledger = new TokenLedger();
        for (int r = 0; r < REQUESTS; r++) {
            StringBuilder tokens = new StringBuilder();
            for (int t = 0; t < TOKENS_PER_REQUEST; t++) {
                String token = "cluster-" + UUID.randomUUID();
                ledger.add(token);
                tokens.append(t == 0 ? "" : ",").append('"').append(token).append('"');
            }
            MessageProperties props = new MessageProperties();
            props.setContentType("text/plain");
            props.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
            String json = "{\"title\":\"cluster\",\"message_id\":\"req-" + r + "\",\"registration_tokens\":[" + tokens + "]}";
            rabbit.send("push", "push.send", new Message(json.getBytes(StandardCharsets.UTF_8), props));
        }
        return ledger;
    }

    /** A gateway given every node's address, starting with node {@code firstNode}. */
    private GatewayProcess startGateway(String id, int firstNode) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("spring.rabbitmq.addresses", cluster.addressesFrom(firstNode));
        p.put("spring.rabbitmq.virtual-host", vhost);
        p.put("push.topology.outcome-queue-type", "quorum");
        p.put("push.provider", "fcm");
        p.put("push.fcm.endpoint", emulator.baseUrl());
        p.put("push.fcm.credentials", credentials.toString());
        p.put("server.port", "0");
        p.put("push.intake.consumers", String.valueOf(FaultTestBase.CONSUMERS));
        p.put("push.intake.prefetch", String.valueOf(FaultTestBase.PREFETCH));
        p.put("push.intake.batch-size", String.valueOf(FaultTestBase.PREFETCH));
        p.put("push.retry.delays", String.join(",", FaultTestBase.RETRY_DELAYS.stream().map(d -> d.toSeconds() + "s").toList()));
        p.put("push.breaker.wait-in-open-state", "5s");
        p.put("push.breaker.minimum-calls", "10");
        p.put("push.http.response-timeout", "2s");
        // Two gateway JVMs (or a gateway and a RabbitMQ node) start at once here, on the same cores.
        GatewayProcess gateway = GatewayProcess.start(workDir.resolve("gateway-" + id + ".log"), p, Duration.ofSeconds(180));
        synchronized (gateways) {
            gateways.add(gateway);
        }
        return gateway;
    }

    /** The intake's leader once the cluster elected one on a node other than {@code killed}. */
    private int newLeader(int killed) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                int leader = cluster.leader(INTAKE, vhost);
                if (leader != killed) {
                    return leader;
                }
            } catch (IllegalStateException electionUnderWay) {
                // no leader known yet; ask again
            }
            GatewayProcess.pause(200);
        }
        throw new AssertionError("no new leader of " + INTAKE + " within 60 s of killing node " + killed);
    }

    private long delivered() {
        return emulator.stats().distinctDelivered();
    }

    private int depth(String queue) {
        try {
            var info = admin.getQueueInfo(queue);
            return info == null ? -1 : info.getMessageCount();
        } catch (RuntimeException nodeGoingAway) {
            return -1;
        }
    }

    private boolean queuesEmpty() {
        if (depth(INTAKE) != 0) {
            return false;
        }
        for (int level = 1; level <= FaultTestBase.RETRY_DELAYS.size(); level++) {
            if (depth("push.retry." + level) != 0) {
                return false;
            }
        }
        return true;
    }

    private void await(String what, Duration timeout, BooleanSupplier condition) {
        if (!awaitQuietly(timeout, condition)) {
            throw new AssertionError("timed out after " + timeout + " waiting for " + what + " [intake=" + depth(INTAKE)
                    + " fcm-sends=" + emulator.stats().sendRequests() + " delivered=" + emulator.stats().distinctDelivered() + "]");
        }
    }

    private static boolean awaitQuietly(Duration timeout, BooleanSupplier condition) {
        try {
            FaultTestBase.awaitCondition("", timeout, condition);
            return true;
        } catch (AssertionError timedOut) {
            return false;
        }
    }
}
