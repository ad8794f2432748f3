package io.pushgateway.pipeline;

import static io.pushgateway.testsupport.BrokerProbe.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.pushgateway.testsupport.GatewayTestBase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A derived message the broker cannot route fails the request, which is then redelivered rather
 * than acked, until the intake queue's delivery limit hands it to the dead-letter queue.
 */
class UnroutableOutcomeEndToEndTest extends GatewayTestBase {

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        registerBroker(registry, "unroutable");
        // No queue is bound for this key: every token-delete event is unroutable.
        registry.add("push.outcome.token-delete-uri", () -> "broker:push.feedback?routingKey=nobody.listens");
        registry.add("push.topology.intake-delivery-limit", () -> "2");
    }

    @Test
    void redeliversTheRequestInsteadOfAckingItWhenAnEventIsUnroutable() {
        String token = unique("error-UNREGISTERED-");
        broker.publishRequest("{\"title\":\"t\",\"message_id\":\"unroutable-1\",\"registration_tokens\":[\"" + token + "\"]}");

        Message dead = broker.await("push.dead", m -> new String(m.getBody()).contains(token), 1, Duration.ofSeconds(30))
                .get(0);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> deaths = (List<Map<String, Object>>) header(dead, "x-death");
        assertThat(String.valueOf(deaths.get(0).get("reason"))).isEqualTo("delivery_limit");
        // The first delivery and two redeliveries each sent the token: it was never acked in between.
        assertThat(emulator().stats().attempts(token)).isEqualTo(3);
    }
}
