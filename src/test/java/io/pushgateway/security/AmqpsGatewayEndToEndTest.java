package io.pushgateway.security;

import static io.pushgateway.testsupport.BrokerProbe.withMessageId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushgateway.testsupport.Await;
import io.pushgateway.testsupport.GatewayTestBase;
import io.pushgateway.testsupport.TlsRabbitNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole gateway against a broker that only speaks AMQP over TLS, configured as
 * docs/broker-security.md says for a broker with its own CA: TLS on, the CA in a PKCS12 trust
 * store, peer and host-name verification left at their defaults (on).
 */
class AmqpsGatewayEndToEndTest extends GatewayTestBase {

    /** Only this class logs in to the TLS node, so its default vhost (guest has every right there) will do. */
    private static final String VHOST = "/";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ObjectMapper json = new ObjectMapper();

    @DynamicPropertySource
    static void amqpsBroker(DynamicPropertyRegistry registry) {
        TlsRabbitNode node = TlsRabbitNode.shared();
        Path trustStore = node.authority().pkcs12TrustStore(
                node.workDirectory().resolve("gateway-broker-ca.p12"), "changeit");
        registry.add("spring.rabbitmq.host", () -> "127.0.0.1");
        registry.add("spring.rabbitmq.port", node::tlsPort);
        registry.add("spring.rabbitmq.virtual-host", () -> VHOST);
        registry.add("spring.rabbitmq.ssl.enabled", () -> "true");
        registry.add("spring.rabbitmq.ssl.trust-store", () -> "file:" + trustStore);
        registry.add("spring.rabbitmq.ssl.trust-store-type", () -> "PKCS12");
        registry.add("spring.rabbitmq.ssl.trust-store-password", () -> "changeit");
    }

    @Test
    void sendsAPushEndToEndAndPublishesItsTokenDeleteOverAmqps() throws Exception {
        String id = unique("amqps-");
        String delivered = unique("ok-");
        String unregistered = unique("error-UNREGISTERED-");
        broker.publishRequest("""
                {"push_code":"COMMENT_REPLY","title":"over TLS","body":"hello",
                 "registration_tokens":{"u-ok":"%s","u-gone":"%s"},"message_id":"%s"}
                """.formatted(delivered, unregistered, id));

        Message delete = broker.await("push.token.deletes", withMessageId(id), 1, WAIT).get(0);
        JsonNode event = json.readTree(delete.getBody());
        assertThat(event.get("token").asText()).isEqualTo(unregistered);
        assertThat(event.get("reason").asText()).isEqualTo("UNREGISTERED");
        Await.until("the delivered token seen by the emulator", WAIT,
                () -> emulator().stats().deliveries(delivered) == 1);
    }

    @Test
    void connectsToTheBrokerOnlyOverTls() throws Exception {
        JsonNode rows = json.readTree(TlsRabbitNode.shared()
                .ctl("-q", "list_connections", "vhost", "ssl", "ssl_protocol", "--formatter", "json"));
        List<JsonNode> ours = new ArrayList<>();
        rows.forEach(r -> {
            if (VHOST.equals(r.get("vhost").asText())) {
                ours.add(r);
            }
        });

        assertThat(ours).as("gateway connections on " + VHOST).isNotEmpty();
        assertThat(ours).allSatisfy(r -> {
            assertThat(r.get("ssl").asBoolean()).as("ssl of " + r).isTrue();
            assertThat(r.get("ssl_protocol").asText()).as("protocol of " + r).startsWith("tlsv1.");
        });
    }
}
