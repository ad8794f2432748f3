package io.pushgateway.faults;

import io.pushgateway.emulator.EmulatorSettings;
import io.pushgateway.emulator.FcmEmulator;
import io.pushgateway.config.PushProperties;
import io.pushgateway.emulator.Outage;
import io.pushgateway.topology.BrokerTopology;
import io.pushgateway.topology.TopologyDeclarer;
import io.pushgateway.testsupport.FreePorts;
import io.pushgateway.testsupport.PrivateRabbitNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * One fault scenario: the packaged gateway in its own JVM, a private RabbitMQ node, and the FCM
 * emulator in this JVM (so it outlives gateway crashes and keeps the ledger of deliveries).
 * Each scenario runs on a virtual host of its own.
 */
abstract class FaultTestBase {

    static final List<Duration> RETRY_DELAYS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(16), Duration.ofSeconds(32));
    static final int CONSUMERS = 4;
    /** Groups of PREFETCH requests, one group per consumer unacked: a crash resends at most CONSUMERS x PREFETCH requests. */
    static final int PREFETCH = 4;

    protected final PrivateRabbitNode node = PrivateRabbitNode.shared();
    protected FcmEmulator emulator;
    protected String vhost;
    protected Path workDir;
    protected Path credentials;
    protected CachingConnectionFactory connections;
    protected RabbitTemplate rabbit;
    protected RabbitAdmin admin;
    protected int httpPort;
    private GatewayProcess gateway;
    private int gatewayRuns;

    @BeforeEach
    void setUpScenario(TestInfo test) throws Exception {
        vhost = node.vhost("fault-" + test.getTestMethod().orElseThrow().getName());
        // Under the build folder in use, fresh for each run of the suite.
        workDir = Path.of(System.getProperty("gateway.jar", "target/x.jar")).toAbsolutePath().getParent()
                .resolve("faults").resolve(vhost);
        httpPort = freePort();
        emulator = FcmEmulator.start(EmulatorSettings.defaults()
                .withPort(FreePorts.outsideEphemeralRange()).withLatency(Duration.ofMillis(20)));
        credentials = emulator.writeServiceAccountFile(java.nio.file.Files.createDirectories(workDir), "fault-project");
        connections = new CachingConnectionFactory("127.0.0.1", node.port());
        connections.setVirtualHost(vhost);
        rabbit = new RabbitTemplate(connections);
        admin = new RabbitAdmin(connections);
    }

    @AfterEach
    void tearDownScenario() {
        if (gateway != null) {
            gateway.close();
        }
        emulator.setOutage(Outage.none());
        emulator.close();
        connections.destroy();
    }

    /** Properties of every gateway run; a scenario adds or overrides some. */
    Map<String, String> gatewayProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("spring.rabbitmq.host", "127.0.0.1");
        p.put("spring.rabbitmq.port", String.valueOf(node.port()));
        p.put("spring.rabbitmq.virtual-host", vhost);
        p.put("push.provider", "fcm");
        p.put("push.fcm.endpoint", emulator.baseUrl());
        p.put("push.fcm.credentials", credentials.toString());
        p.put("server.port", String.valueOf(httpPort));
        p.put("push.intake.consumers", String.valueOf(CONSUMERS));
        p.put("push.intake.prefetch", String.valueOf(PREFETCH));
        p.put("push.intake.batch-size", String.valueOf(PREFETCH));
        p.put("push.retry.delays", String.join(",", RETRY_DELAYS.stream().map(d -> d.toSeconds() + "s").toList()));
        p.put("push.breaker.wait-in-open-state", "5s");
        p.put("push.breaker.minimum-calls", "10");
        p.put("push.http.response-timeout", "2s");
        p.put("push.shutdown.grace-period", "10s");
        return p;
    }

    GatewayProcess startGateway(Map<String, String> overrides) {
        Map<String, String> props = gatewayProperties();
        props.putAll(overrides);
        gateway = GatewayProcess.start(workDir.resolve("gateway-" + (++gatewayRuns) + ".log"), props);
        return gateway;
    }

    GatewayProcess startGateway() {
        return startGateway(Map.of());
    }

    /** Publishes {@code requests} persistent requests of {@code tokensPerRequest} fresh tokens each. */
    TokenLedger publish(int requests, int tokensPerRequest, String tokenPrefix) {
        declareTopologyUnlessPresent();
        TokenLedger ledger = new TokenLedger();
        for (int r = 0; r < requests; r++) {
            StringBuilder tokens = new StringBuilder();
            for (int t = 0; t < tokensPerRequest; t++) {
                String token = tokenPrefix + UUID.randomUUID();
                ledger.add(token);
                tokens.append(t == 0 ? "" : ",").append('"').append(token).append('"');
            }
            publishRequest("{\"title\":\"fault\",\"message_id\":\"req-" + r + "\",\"registration_tokens\":[" + tokens + "]}");
        }
        return ledger;
    }

    void publishRequest(String json) {
        MessageProperties props = new MessageProperties();
        props.setContentType("text/plain");
        props.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        rabbit.send("push", "push.send", new Message(json.getBytes(StandardCharsets.UTF_8), props));
    }

    /**
     * A backlog published before the gateway starts needs the gateway's topology: declared here
     * with the same arguments the gateway declares (contract defaults, the retry delays above).
     */
    void declareTopologyUnlessPresent() {
        if (admin.getQueueInfo("push.requests") != null) {
            return;
        }
        var topology = new PushProperties.Topology("push", "push.send", "push.requests",
                PushProperties.QueueType.QUORUM, 20, "push.feedback", "token.update", "push.token.updates",
                "token.delete", "push.token.deletes", "push.retry.", "push.dlx", "push.dead", "push.dead");
        new TopologyDeclarer(connections).declare(new BrokerTopology(topology, RETRY_DELAYS));
    }

    /** A series of the gateway's /actuator/prometheus, e.g. {@code push_fcm_circuit_state{...,state="open"}}; -1 if absent. */
    double metric(String seriesPrefix) {
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + httpPort
                            + "/actuator/prometheus")).timeout(Duration.ofSeconds(5)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return response.body().lines().filter(l -> l.startsWith(seriesPrefix))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
        } catch (Exception e) {
            return -1;
        }
    }

    private static int freePort() {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    int depth(String queue) {
        var info = admin.getQueueInfo(queue);
        return info == null ? -1 : info.getMessageCount();
    }

    /** No request waiting in the intake or any retry level. */
    boolean queuesEmpty() {
        if (depth("push.requests") != 0) {
            return false;
        }
        for (int level = 1; level <= RETRY_DELAYS.size(); level++) {
            if (depth("push.retry." + level) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Reads every message of {@code queue}; returns their bodies. */
    List<Message> drain(String queue) {
        List<Message> out = new java.util.ArrayList<>();
        Message m;
        while ((m = rabbit.receive(queue, 500)) != null) {
            out.add(m);
        }
        return out;
    }

    Set<String> tokensIn(List<Message> messages) {
        Set<String> found = new HashSet<>();
        for (Message m : messages) {
            String body = new String(m.getBody(), StandardCharsets.UTF_8);
            java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\"([A-Za-z0-9_-]+-[0-9a-f]{8}-[0-9a-f-]{27})\"")
                    .matcher(body);
            while (matcher.find()) {
                found.add(matcher.group(1));
            }
        }
        return found;
    }

    /** Waits on a condition; on time-out says where the work stood, to tell a hang from slowness. */
    void await(String what, Duration timeout, BooleanSupplier condition) {
        try {
            awaitCondition(what, timeout, condition);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + " [intake=" + depth("push.requests") + " dead=" + depth("push.dead")
                    + " fcm-sends=" + emulator.stats().sendRequests() + " fcm-deliveries=" + emulator.stats().totalDeliveries()
                    + "]", e);
        }
    }

    static void awaitCondition(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            GatewayProcess.pause(100);
        }
        if (!condition.getAsBoolean()) {
            throw new AssertionError("timed out after " + timeout + " waiting for " + what);
        }
    }
}
