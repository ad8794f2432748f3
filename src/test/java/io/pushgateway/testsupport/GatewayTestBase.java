package io.pushgateway.testsupport;

import io.pushgateway.emulator.FcmEmulator;
import io.pushgateway.provider.ProviderRuntime;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole gateway against the shared private RabbitMQ node and its embedded FCM emulator.
 * Short retry delays and a quick breaker keep the suite fast; every wait is on a condition.
 * Subclasses pick the protocol and a virtual host of their own.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "push.retry.delays=300ms,600ms,900ms",
        "push.breaker.wait-in-open-state=1s",
        "push.breaker.minimum-calls=10",
        "push.breaker.sliding-window-size=20",
        "push.intake.consumers=2",
        // Small v1 batches, so a test request of a few dozen tokens makes enough breaker calls to open it.
        "push.fcm.batch-size=5",
        "push.http.response-timeout=2s",
})
public abstract class GatewayTestBase {

    @Autowired
    protected CamelContext camel;

    @Autowired
    protected RabbitTemplate rabbit;

    @Autowired
    protected ProviderRuntime provider;

    @Autowired
    protected io.pushgateway.provider.FcmBreakers breakers;

    @org.springframework.boot.test.web.server.LocalServerPort
    protected int httpPort;

    protected BrokerProbe broker;

    protected static void registerBroker(DynamicPropertyRegistry registry, String vhost) {
        PrivateRabbitNode node = PrivateRabbitNode.shared();
        node.vhost(vhost);
        registry.add("spring.rabbitmq.host", () -> "127.0.0.1");
        registry.add("spring.rabbitmq.port", node::port);
        registry.add("spring.rabbitmq.virtual-host", () -> vhost);
    }

    @BeforeEach
    void probe() {
        broker = new BrokerProbe(rabbit);
        emulator().setOutage(io.pushgateway.emulator.Outage.none());
        // Every test starts with closed circuits: a batch counts as one breaker call, so the failures a
        // previous test provoked on purpose could otherwise still hold this test's first sends back.
        breakers.all().values().forEach(io.github.resilience4j.circuitbreaker.CircuitBreaker::reset);
    }

    protected FcmEmulator emulator() {
        return provider.emulator();
    }

    protected static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }
}
