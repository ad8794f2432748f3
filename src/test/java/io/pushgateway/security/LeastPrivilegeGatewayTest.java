package io.pushgateway.security;

import static io.pushgateway.testsupport.BrokerProbe.withMessageId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import io.pushgateway.testsupport.Await;
import io.pushgateway.testsupport.BrokerProbe;
import io.pushgateway.testsupport.GatewayTestBase;
import io.pushgateway.testsupport.PrivateRabbitNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway runs on a virtual host of its own as a user holding exactly the permissions that
 * docs/broker-security.md tells operators to grant, read from that document. The gateway must
 * work with them, and the user must be refused everything else the tests try.
 * Producer and observer of the output queues are the node's guest user, as a separate application.
 */
class LeastPrivilegeGatewayTest extends GatewayTestBase {

    private static final String VHOST = "push-least";
    private static final String USER = "push-gateway";
    private static final String PASSWORD = "pw-" + UUID.randomUUID();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int ACCESS_REFUSED = 403;

    private static CachingConnectionFactory guest;
    private final ObjectMapper json = new ObjectMapper();

    @DynamicPropertySource
    static void leastPrivilegedGateway(DynamicPropertyRegistry registry) {
        registerBroker(registry, VHOST);
        PrivateRabbitNode node = PrivateRabbitNode.shared();
        try {
            node.ctl("add_user", USER, PASSWORD);
        } catch (IllegalStateException exists) {
            node.ctl("change_password", USER, PASSWORD);
        }
        DocumentedPermissions granted = DocumentedPermissions.fromDocument();
        node.ctl("set_permissions", "-p", VHOST, USER, granted.configure(), granted.write(), granted.read());
        registry.add("spring.rabbitmq.username", () -> USER);
        registry.add("spring.rabbitmq.password", () -> PASSWORD);
    }

    @BeforeEach
    void observeAsAnotherUser() {
        // The gateway's own template logs in as push-gateway, which may not read the output
        // queues; the probe publishes and reads as guest, like the producer and consumers would.
        if (guest == null) {
            guest = new CachingConnectionFactory("127.0.0.1", PrivateRabbitNode.shared().port());
            guest.setUsername("guest");
            guest.setPassword("guest");
            guest.setVirtualHost(VHOST);
        }
        broker = new BrokerProbe(new RabbitTemplate(guest));
    }

    @AfterAll
    static void closeObserver() {
        if (guest != null) {
            guest.destroy();
            guest = null;
        }
    }

    @Test
    void declaresItsTopologyAndHandlesDeliveredDeletedAndRetriedTokensWithOnlyTheDocumentedPermissions()
            throws Exception {
        RabbitAdmin admin = new RabbitAdmin(guest);
        for (String queue : List.of("push.requests", "push.token.updates", "push.token.deletes", "push.dead",
                "push.retry.1", "push.retry.2", "push.retry.3")) {
            assertThat(admin.getQueueInfo(queue)).as("queue %s declared by the gateway", queue).isNotNull();
        }
        assertThat(gatewayConnectionUsers()).as("users of the connections on " + VHOST).contains(USER);

        String id = unique("least-");
        String delivered = unique("ok-");
        String unregistered = unique("error-UNREGISTERED-");
        String flaky = unique("flaky1-");
        broker.publishRequest(request(id, json.writeValueAsString(
                Map.of("u-ok", delivered, "u-gone", unregistered, "u-flaky", flaky))));

        Message delete = broker.await("push.token.deletes", withMessageId(id), 1, WAIT).get(0);
        JsonNode event = json.readTree(delete.getBody());
        assertThat(event.get("token").asText()).isEqualTo(unregistered);
        assertThat(event.get("reason").asText()).isEqualTo("UNREGISTERED");
        assertThat(event.get("user").asText()).isEqualTo("u-gone");

        Await.until("the flaky token delivered on its retry", WAIT, () -> emulator().stats().deliveries(flaky) == 1);
        assertThat(emulator().stats().attempts(flaky)).as("first send plus one retry").isEqualTo(2);
        assertThat(emulator().stats().deliveries(delivered)).isEqualTo(1);
        assertThat(broker.collect("push.dead", withMessageId(id), Duration.ofMillis(300))).isEmpty();
        Await.until("the intake and retry level 1 drained", WAIT,
                () -> broker.depth("push.requests") == 0 && broker.depth("push.retry.1") == 0);
    }

    @Test
    void holdsExactlyTheDocumentedPermissionsOnItsOwnVirtualHostAndNoOther() throws Exception {
        DocumentedPermissions documented = DocumentedPermissions.fromDocument();
        JsonNode rows = json.readTree(PrivateRabbitNode.shared()
                .ctl("-q", "list_user_permissions", USER, "--formatter", "json"));

        assertThat(rows).hasSize(1);
        JsonNode row = rows.get(0);
        assertThat(row.get("vhost").asText()).isEqualTo(VHOST);
        assertThat(row.get("configure").asText()).isEqualTo(documented.configure());
        assertThat(row.get("write").asText()).isEqualTo(documented.write());
        assertThat(row.get("read").asText()).isEqualTo(documented.read());
        assertThat(List.of(documented.configure(), documented.write(), documented.read()))
                .as("no pattern may match everything").noneMatch(p -> p.contains(".*"));
    }

    @Test
    void isRefusedWhenItDeclaresAQueueOrAnExchangeOutsideTheGatewaysNames() throws Exception {
        assertThat(refusal(ch -> ch.queueDeclare("reports", true, false, false, null)))
                .contains(refusedTo("queue", "reports"));
        assertThat(refusal(ch -> ch.queueDeclare("push.requests.copy", true, false, false, null)))
                .contains(refusedTo("queue", "push.requests.copy"));
        assertThat(refusal(ch -> ch.exchangeDeclare("push.extra", "topic", true)))
                .contains(refusedTo("exchange", "push.extra"));
    }

    @Test
    void isRefusedWhenItPublishesToAnExchangeThatIsNotTheGateways() throws Exception {
        assertThat(refusal(ch -> {
            ch.confirmSelect();
            ch.basicPublish("amq.topic", "token.delete", new AMQP.BasicProperties(),
                    "{}".getBytes(StandardCharsets.UTF_8));
            ch.waitForConfirmsOrDie(10_000);
        })).contains(refusedTo("exchange", "amq.topic"));
    }

    @Test
    void isRefusedWhenItReadsTheEventsItPublishes() throws Exception {
        assertThat(refusal(ch -> ch.basicGet("push.token.deletes", false)))
                .contains(refusedTo("queue", "push.token.deletes"));
        assertThat(refusal(ch -> ch.basicGet("push.dead", false)))
                .contains(refusedTo("queue", "push.dead"));
    }

    @Test
    void isRefusedWhenItOpensAnotherVirtualHost() {
        Throwable refused = null;
        try (Connection ignored = connectAsGateway("/")) {
            // must not get here
        } catch (Exception e) {
            refused = e;
        }
        assertThat(refused).as("connecting to vhost '/' as " + USER).isNotNull();
        assertThat(GatewayStart.describe(refused)).contains("access to vhost '/' refused for user '" + USER + "'");
    }

    /** RabbitMQ's refusal names the object (not which of the three permissions was missing). */
    private static String refusedTo(String kind, String name) {
        return "ACCESS_REFUSED - access to " + kind + " '" + name + "' in vhost '" + VHOST + "' refused for user '"
                + USER + "'";
    }

    private interface ChannelAction {
        void run(Channel channel) throws Exception;
    }

    /** Runs {@code action} as the gateway's user; returns the broker's refusal (403) text. */
    private static String refusal(ChannelAction action) throws Exception {
        try (Connection connection = connectAsGateway(VHOST)) {
            Channel channel = connection.createChannel();
            try {
                action.run(channel);
            } catch (Exception e) {
                for (Throwable t = e; t != null; t = t.getCause()) {
                    if (t instanceof ShutdownSignalException sse && sse.getReason() instanceof AMQP.Channel.Close close) {
                        assertThat(close.getReplyCode()).as(close.getReplyText()).isEqualTo(ACCESS_REFUSED);
                        return close.getReplyText();
                    }
                }
                throw new AssertionError("failed, but not with a broker refusal", e);
            }
            throw new AssertionError("the broker allowed it to " + USER);
        }
    }

    private static Connection connectAsGateway(String vhost) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(PrivateRabbitNode.shared().port());
        factory.setUsername(USER);
        factory.setPassword(PASSWORD);
        factory.setVirtualHost(vhost);
        return factory.newConnection("least-privilege-probe");
    }

    private List<String> gatewayConnectionUsers() throws Exception {
        JsonNode rows = json.readTree(PrivateRabbitNode.shared()
                .ctl("-q", "list_connections", "user", "vhost", "--formatter", "json"));
        List<String> users = new ArrayList<>();
        rows.forEach(r -> {
            if (VHOST.equals(r.get("vhost").asText())) {
                users.add(r.get("user").asText());
            }
        });
        return users;
    }

    private static String request(String messageId, String registrationTokens) {
        return """
                {"push_code":"COMMENT_REPLY","title":"least privilege","body":"still delivered",
                 "registration_tokens":%s,"message_id":"%s"}
                """.formatted(registrationTokens, messageId);
    }
}
