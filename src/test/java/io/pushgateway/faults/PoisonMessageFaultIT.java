package io.pushgateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;

/** Requests that make processing fail: dead-lettered once, never looping. */
class PoisonMessageFaultIT extends FaultTestBase {

    @Test
    void deadLettersARequestWhoseProcessingThrowsOnceWithItsReasonAndNeverLoops() {
        // An outcome endpoint with nobody behind it: processing throws for every token delete.
        startGateway(Map.of("push.outcome.token-delete-uri", "direct:nobody-listens?block=false"));
        String poison = "{\"title\":\"t\",\"message_id\":\"poison-1\",\"registration_tokens\":[\"error-UNREGISTERED-p1\"]}";
        publishRequest(poison);

        await("the dead letter", Duration.ofSeconds(30), () -> depth("push.dead") >= 1);
        GatewayProcess.pause(3_000);
        List<Message> dead = drain("push.dead");
        TokenLedger.report("poison", 1, dead.isEmpty() ? 1 : 0, Math.max(0, dead.size() - 1), "dead-letters=" + dead.size());
        assertThat(dead).hasSize(1);
        Message letter = dead.get(0);
        assertThat(letter.getMessageProperties().getHeaders()).containsEntry("x-push-error", "processing-error");
        assertThat((String) letter.getMessageProperties().getHeaders().get("x-push-error-detail"))
                .contains("DirectConsumerNotAvailableException");
        assertThat(new String(letter.getBody(), StandardCharsets.UTF_8)).isEqualTo(poison);
        assertThat(emulator.stats().attempts("error-UNREGISTERED-p1")).as("sent once, not in a loop").isEqualTo(1);
        assertThat(depth("push.requests")).isZero();
    }

    @Test
    void letsTheQuorumDeliveryLimitDeadLetterARequestThatFailsTransientlyForever() {
        // Every delete event is refused by the broker (no such exchange): a transient failure that
        // never passes. The request is redelivered until the quorum queue's delivery limit moves it.
        startGateway(Map.of("push.outcome.token-delete-uri", "broker:no.such.exchange?routingKey=x",
                "push.topology.intake-delivery-limit", "3"));
        publishRequest("{\"title\":\"t\",\"message_id\":\"forever-1\",\"registration_tokens\":[\"error-UNREGISTERED-f1\"]}");

        await("the broker's dead letter", Duration.ofSeconds(60), () -> depth("push.dead") >= 1);
        List<Message> dead = drain("push.dead");
        assertThat(dead).hasSize(1);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> deaths = (List<Map<String, Object>>) dead.get(0).getMessageProperties()
                .getHeaders().get("x-death");
        assertThat(deaths).isNotEmpty();
        assertThat(String.valueOf(deaths.get(0).get("reason"))).isEqualTo("delivery_limit");
        long attempts = emulator.stats().attempts("error-UNREGISTERED-f1");
        TokenLedger.report("delivery-limit", 1, 0, Math.max(0, attempts - 1), "sends=" + attempts);
        assertThat(attempts).as("the first delivery and three redeliveries").isBetween(2L, 4L);
        assertThat(depth("push.requests")).isZero();
    }
}
