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
 * When the broker refuses even the parked request (the retry endpoint itself is unroutable, so a
 * failing request cannot wait on a retry level), the request is redelivered rather than acked,
 * until the intake queue's delivery limit hands it to the dead-letter queue. Parking that works is
 * ParkedRequestEndToEndTest.
 */
class UnroutableOutcomeEndToEndTest extends GatewayTestBase {

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        registerBroker(registry, "unroutable");
        // No queue is bound to this exchange for any retry level's key: every retry request, and so
        // every parked request, is unroutable.
        registry.add("push.outcome.retry-uri", () -> "broker:push.feedback");
        registry.add("push.topology.intake-delivery-limit", () -> "2");
    }

    @Test
    void redeliversTheRequestInsteadOfAckingItWhenEvenItsParkedRequestIsUnroutable() {
        String token = unique("error-UNAVAILABLE-");
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
