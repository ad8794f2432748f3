package io.pushgateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgateway.testsupport.Await;
import io.pushgateway.testsupport.GatewayTestBase;
import io.pushgateway.testsupport.PrivateRabbitNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Readiness follows the broker: a pod that cannot reach RabbitMQ is taken out of service, and put
 * back once the broker is there again, while liveness stays UP (restarting the pod would not help).
 * The gateway runs against a node of its own, which this test stops and starts; the context is
 * closed after the class so nothing keeps reconnecting to it.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ReadinessEndToEndTest extends GatewayTestBase {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static PrivateRabbitNode node;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        node = PrivateRabbitNode.dedicated();
        node.vhost("readiness");
        registry.add("spring.rabbitmq.host", () -> "127.0.0.1");
        registry.add("spring.rabbitmq.port", node::port);
        registry.add("spring.rabbitmq.virtual-host", () -> "readiness");
    }

    @Test
    void readinessGoesDownWhileTheBrokerIsUnreachableAndComesBackUpAfter() {
        assertThat(status("/actuator/health/readiness")).isEqualTo(200);

        node.stopNode();
        try {
            Await.until("readiness DOWN (503)", WAIT, () -> status("/actuator/health/readiness") == 503);
            assertThat(status("/actuator/health/liveness")).isEqualTo(200);
        } finally {
            node.startNode();
        }

        Await.until("readiness UP (200) again", WAIT, () -> status("/actuator/health/readiness") == 200);
    }

    private int status(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(5)).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
