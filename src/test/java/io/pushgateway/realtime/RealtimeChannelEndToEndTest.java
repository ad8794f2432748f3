package io.pushgateway.realtime;

import static io.pushgateway.testsupport.BrokerProbe.withMessageId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.pushgateway.testsupport.Await;
import io.pushgateway.testsupport.GatewayTestBase;
import io.pushgateway.testsupport.RealtimeRabbitNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import com.rabbitmq.client.Delivery;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The real-time channel end to end: the gateway with push.realtime.enabled on a private node that
 * runs Web-STOMP, MQTT and the OAuth 2 backend, Debian's headless Chromium on the /realtime/
 * page, an MQTT client and an application server's own queue. One node and one browser for the
 * class, both stopped at its end.
 */
@TestPropertySource(properties = "push.realtime.enabled=true")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RealtimeChannelEndToEndTest extends GatewayTestBase {

    private static final String EXCHANGE = "push.realtime";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path OUT = Path.of("target", "realtime");

    private static RealtimeRabbitNode node;
    private static RealtimePage page;

    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    private MeterRegistry meters;

    @BeforeAll
    static void startBrokerAndBrowser() throws Exception {
        node = RealtimeRabbitNode.start("realtime", EXCHANGE);
        node.addRealtimeUser("alice", "alice-pw", EXCHANGE);
        node.addRealtimeUser("bob", "bob-pw", EXCHANGE);
        Files.createDirectories(OUT);
        page = new RealtimePage(null, Files.createTempDirectory(OUT.toAbsolutePath(), "chromium-profile-"));
    }

    @AfterAll
    static void stopBrokerAndBrowser() {
        if (page != null) {
            page.close();
        }
        if (node != null) {
            node.stop();
        }
    }

    @DynamicPropertySource
    static void realtimeBroker(DynamicPropertyRegistry registry) {
        registry.add("spring.rabbitmq.host", () -> "127.0.0.1");
        registry.add("spring.rabbitmq.port", () -> node.amqpPort());
        registry.add("spring.rabbitmq.virtual-host", () -> node.vhost());
        registry.add("push.realtime.web-stomp-url", () -> node.webStompUrl());
        registry.add("push.emulator.protocol", () -> "v1");
    }

    private String pageUrl() {
        return "http://127.0.0.1:" + httpPort + "/realtime/";
    }

    private void logIn(String user, String secret, String groups, String otherKeys) {
        page.open(pageUrl());
        page.logIn(user, secret, groups, otherKeys);
    }

    @Test
    void aliceSeesHerNotificationLiveWhileFcmDeliversTheSameRequest() throws Exception {
        logIn("alice", "alice-pw", "", "");
        page.awaitSubscription("user.alice", "subscribed");

        String id = unique("rt-alice-");
        String token = unique("tok-alice-");
        broker.publishRequest("{\"push_code\":\"COMMENT_REPLY\",\"title\":\"Hello alice\",\"body\":\"Bob replied\","
                + "\"data\":{\"post_id\":42},\"message_id\":\"" + id + "\",\"registration_tokens\":{\"alice\":\""
                + token + "\"}}");

        String shown = page.awaitNotification(id);
        assertThat(shown).contains("Hello alice", "Bob replied", "COMMENT_REPLY", "user.alice");
        page.screenshot(OUT.resolve("alice-notification.png"));
        Await.until("FCM delivery of alice's token", WAIT, () -> emulator().stats().deliveries(token) == 1);
        Await.until("the request acked", WAIT, () -> broker.depth("push.requests") == 0);
        assertThat(broker.collect("push.dead", withMessageId(id), Duration.ofMillis(300))).isEmpty();
    }

    @Test
    void aliceIsRefusedBobsKeyAndThePageSaysSoWhileHerOwnStillArrives() {
        logIn("alice", "alice-pw", "", "user.bob");

        page.awaitSubscription("user.bob", "refused");
        assertThat(page.subscriptionText("user.bob")).contains("refused");
        // The refusal closed the socket; the page reconnects and asks for alice's own key again.
        page.awaitStatus("connected (refused: user.bob)");
        assertThat(page.subscriptionText("user.alice")).endsWith("subscribed");

        String forBob = unique("rt-bob-");
        String forAlice = unique("rt-alice-");
        broker.publishRequest("{\"title\":\"for bob\",\"message_id\":\"" + forBob + "\",\"web_users\":[\"bob\"]}");
        broker.publishRequest("{\"title\":\"for alice\",\"message_id\":\"" + forAlice + "\",\"web_users\":[\"alice\"]}");
        page.awaitNotification(forAlice);
        assertThat(page.shows(forBob)).isFalse();
    }

    @Test
    void aGroupMemberReceivesTheGroupAndANonMemberIsRefused() throws Exception {
        String memberToken = node.accessToken("carol", EXCHANGE, List.of("g1"));
        logIn("carol", memberToken, "g1", "");
        page.awaitSubscription("group.g1", "subscribed");

        String id = unique("rt-g1-");
        broker.publishRequest("{\"title\":\"team news\",\"message_id\":\"" + id + "\",\"groups\":[\"g1\"]}");
        assertThat(page.awaitNotification(id)).contains("team news", "group.g1");
        page.screenshot(OUT.resolve("group-member.png"));

        String outsiderToken = node.accessToken("dave", EXCHANGE, List.of("g2"));
        logIn("dave", outsiderToken, "g1", "");
        page.awaitSubscription("group.g1", "refused");
        page.awaitStatus("connected (refused: group.g1)");
        assertThat(page.subscriptionText("user.dave")).endsWith("subscribed");
    }

    @Test
    void anMqttClientOnUserAliceReceivesTheSameMessage() throws Exception {
        BlockingQueue<MqttMessage> received = new LinkedBlockingQueue<>();
        MqttClient mqtt = new MqttClient("tcp://127.0.0.1:" + node.mqttPort(), unique("alice-app-"), new MemoryPersistence());
        try {
            MqttConnectOptions options = new MqttConnectOptions();
            options.setUserName("alice");
            options.setPassword("alice-pw".toCharArray());
            options.setCleanSession(true);
            mqtt.setCallback(new Collector(received));
            mqtt.connect(options);
            mqtt.subscribe("user/alice", 1);

            String id = unique("rt-mqtt-");
            broker.publishRequest("{\"title\":\"on the phone\",\"message_id\":\"" + id
                    + "\",\"registration_tokens\":{\"alice\":\"" + unique("tok-") + "\"}}");

            MqttMessage message = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(message).as("a message on user/alice").isNotNull();
            JsonNode body = json.readTree(message.getPayload());
            assertThat(body.path("message_id").asText()).isEqualTo(id);
            assertThat(body.path("title").asText()).isEqualTo("on the phone");
        } finally {
            if (mqtt.isConnected()) {
                mqtt.disconnect();
            }
            mqtt.close();
        }
    }

    /** The per-instance-queue pattern: a server-named, exclusive, auto-delete queue and a long-lived consumer. */
    @Test
    void anApplicationServerQueueBoundToUserStarReceivesEveryUsersMessage() throws Exception {
        var factory = new com.rabbitmq.client.ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(node.amqpPort());
        factory.setVirtualHost(node.vhost());
        BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
        try (var connection = factory.newConnection(); var channel = connection.createChannel()) {
            String queue = channel.queueDeclare("", false, true, true, null).getQueue();
            channel.queueBind(queue, EXCHANGE, "user.*");
            channel.basicConsume(queue, true, (tag, delivery) -> received.add(delivery), tag -> { });

            String id = unique("rt-fanout-");
            broker.publishRequest("{\"title\":\"to both\",\"message_id\":\"" + id + "\",\"registration_tokens\":{"
                    + "\"alice\":\"" + unique("tok-") + "\",\"bob\":\"" + unique("tok-") + "\"},"
                    + "\"groups\":[\"g1\"]}");

            List<Delivery> messages = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Delivery delivery = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(delivery).as("message " + (i + 1) + " of 2").isNotNull();
                messages.add(delivery);
            }
            assertThat(messages).extracting(d -> d.getEnvelope().getRoutingKey())
                    .containsExactlyInAnyOrder("user.alice", "user.bob");
            assertThat(messages).extracting(d -> d.getProperties().getMessageId()).containsOnly(id);
            assertThat(messages).extracting(d -> d.getProperties().getContentType()).containsOnly("application/json");
            assertThat(received.poll(300, TimeUnit.MILLISECONDS)).as("group.g1 is not user.*").isNull();
        }
    }

    /** Contract section 6's recipients, alone and together, each without a device, with tokens, with ids. */
    static Stream<Arguments> recipientShapes() {
        List<Arguments> shapes = new ArrayList<>();
        for (String[] recipients : List.of(new String[] {"groups only", "\"groups\":[\"g1\"]", "group.g1"},
                new String[] {"web_users only", "\"web_users\":[\"bob\"]", "user.bob"},
                new String[] {"web_users and groups", "\"web_users\":[\"bob\"],\"groups\":[\"g1\"]", "user.bob group.g1"})) {
            for (String device : new String[] {"", "registration_tokens", "installation_ids"}) {
                shapes.add(Arguments.of(recipients[0] + (device.isEmpty() ? ", no device" : ", " + device),
                        recipients[1], device, recipients[2]));
            }
        }
        return shapes.stream();
    }

    /**
     * Every shape reaches each of its recipients once, sends its device (if any) to FCM once, and is acked,
     * never dead-lettered: a request with real-time recipients only is valid with the channel on.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("recipientShapes")
    void everyRecipientShapeReachesEachRecipientOnceAndIsAcked(String shape, String recipients, String deviceField,
                                                               String keys) throws Exception {
        var factory = new com.rabbitmq.client.ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(node.amqpPort());
        factory.setVirtualHost(node.vhost());
        String id = unique("rt-shape-");
        String device = unique("tok-shape-");
        List<String> expectedKeys = new ArrayList<>(List.of(keys.split(" ")));
        if (!deviceField.isEmpty()) {
            expectedKeys.add("user.alice");
        }
        BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
        try (var connection = factory.newConnection(); var channel = connection.createChannel()) {
            String queue = channel.queueDeclare("", false, true, true, null).getQueue();
            channel.queueBind(queue, EXCHANGE, "#");
            channel.basicConsume(queue, true, (tag, delivery) -> {
                if (id.equals(delivery.getProperties().getMessageId())) {
                    received.add(delivery);
                }
            }, tag -> { });

            broker.publishRaw(("{\"title\":\"" + shape + "\",\"message_id\":\"" + id + "\"," + recipients
                    + (deviceField.isEmpty() ? "" : ",\"" + deviceField + "\":{\"alice\":\"" + device + "\"}") + "}")
                    .getBytes(StandardCharsets.UTF_8), id);

            List<String> routingKeys = new ArrayList<>();
            for (int i = 0; i < expectedKeys.size(); i++) {
                Delivery delivery = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(delivery).as("real-time message " + (i + 1) + " of " + expectedKeys.size()).isNotNull();
                routingKeys.add(delivery.getEnvelope().getRoutingKey());
            }
            assertThat(routingKeys).containsExactlyInAnyOrderElementsOf(expectedKeys);
            if (!deviceField.isEmpty()) {
                Await.until("the device delivered by FCM", WAIT, () -> emulator().stats().deliveries(device) == 1);
            }
            Await.until("the request acked", WAIT, () -> broker.depth("push.requests") == 0);
            assertThat(broker.collect("push.dead", withMessageId(id), Duration.ofMillis(300))).as("dead letters").isEmpty();
            assertThat(received.poll(100, TimeUnit.MILLISECONDS)).as("a real-time message twice").isNull();
            assertThat(emulator().stats().attempts(device)).as("FCM sends").isEqualTo(deviceField.isEmpty() ? 0 : 1);
        }
    }

    @Test
    void aMissingRealtimeExchangeChangesNeitherTheFcmOutcomesNorTheAck() {
        RabbitAdmin admin = new RabbitAdmin(rabbit.getConnectionFactory());
        double failedBefore = meters.counter("push.realtime.failed").count();
        admin.deleteExchange(EXCHANGE);
        try {
            String id = unique("rt-broken-");
            String ok = unique("tok-ok-");
            String gone = unique("error-UNREGISTERED-");
            broker.publishRequest("{\"title\":\"t\",\"message_id\":\"" + id + "\",\"registration_tokens\":{"
                    + "\"alice\":\"" + ok + "\",\"bob\":\"" + gone + "\"}}");

            Message delete = broker.await("push.token.deletes", withMessageId(id), 1, WAIT).get(0);
            assertThat(new String(delete.getBody(), StandardCharsets.UTF_8)).contains("\"user\":\"bob\"");
            Await.until("FCM delivery", WAIT, () -> emulator().stats().deliveries(ok) == 1);
            Await.until("the failed real-time publishes counted", WAIT,
                    () -> meters.counter("push.realtime.failed").count() >= failedBefore + 2);
            Await.until("the request acked", WAIT, () -> broker.depth("push.requests") == 0);
            assertThat(broker.collect("push.token.deletes", withMessageId(id), Duration.ofMillis(500)))
                    .as("acked once: no redelivery, so no second event").isEmpty();
            assertThat(emulator().stats().attempts(ok)).isEqualTo(1);
        } finally {
            admin.declareExchange(new TopicExchange(EXCHANGE, true, false));
        }
    }

    /**
     * Publish → page latency over 120 messages, one at a time (each waits for the previous to show):
     * from the gateway's sent_at to the page, and from the producer's publish to the page.
     */
    @Test
    void publishToPageLatencyIsMeasuredOverMoreThanAHundredMessages() {
        logIn("bob", "bob-pw", "", "");
        page.awaitSubscription("user.bob", "subscribed");
        int before = page.latencies().size();
        List<Long> endToEnd = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String id = unique("rt-lat-" + i + "-");
            long published = System.currentTimeMillis();
            broker.publishRequest("{\"title\":\"n" + i + "\",\"message_id\":\"" + id + "\",\"web_users\":[\"bob\"]}");
            page.awaitNotification(id);
            endToEnd.add(page.browserNow() - published);
        }
        List<Long> fromGateway = page.latencies().subList(before, page.latencies().size()).stream()
                .map(Number::longValue).sorted().toList();
        assertThat(fromGateway).hasSize(120);
        Collections.sort(endToEnd);
        System.out.printf("REALTIME LATENCY over %d messages: gateway sent_at -> page median %d ms, p99 %d ms;"
                        + " intake publish -> page (upper bound, includes the test's polling) median %d ms, p99 %d ms%n",
                fromGateway.size(), percentile(fromGateway, 50), percentile(fromGateway, 99),
                percentile(endToEnd, 50), percentile(endToEnd, 99));
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private record Collector(BlockingQueue<MqttMessage> received) implements MqttCallback {
        @Override
        public void connectionLost(Throwable cause) {
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.add(message);
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
    }
}
