package io.pushgateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;

/** Requests that make processing fail: dead-lettered once, never looping, never resending in a tight loop. */
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
    void backsOffARequestThatFailsTransientlyForeverThroughTheRetryLevelsThenDeadLettersItOnce() {
        // Every delete event is refused by the broker (no such exchange): a transient failure that
        // never passes. The request waits on each retry level in turn (its own short levels here,
        // declared by the gateway in this scenario's virtual host), then is dead-lettered.
        List<Long> levels = List.of(300L, 600L, 900L);
        startGateway(Map.of("push.outcome.token-delete-uri", "broker:no.such.exchange?routingKey=x",
                "push.retry.delays", String.join(",", levels.stream().map(ms -> ms + "ms").toList())));
        publishRequest("{\"title\":\"t\",\"message_id\":\"forever-1\",\"registration_tokens\":"
                + "[\"error-UNREGISTERED-f1\",\"ok-f1\"]}");

        await("the dead letter", Duration.ofSeconds(60), () -> depth("push.dead") >= 1);
        await("nothing left to deliver", Duration.ofSeconds(10), () -> depth("push.requests") == 0
                && IntStream.rangeClosed(1, levels.size()).allMatch(level -> depth("push.retry." + level) == 0));
        List<Message> dead = drain("push.dead");
        List<Long> sends = emulator.stats().attemptTimes("error-UNREGISTERED-f1");
        long backedOff = sends.isEmpty() ? 0 : sends.get(sends.size() - 1) - sends.get(0);
        TokenLedger.report("transient-forever", 2, dead.size() == 1 ? 0 : 1, emulator.stats().attempts("ok-f1") - 1,
                "sends=" + sends.size() + " first-to-last-send-ms=" + backedOff + " dead-letters=" + dead.size());
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).getMessageProperties().getHeaders())
                .containsEntry("x-push-error", "processing-error")
                .doesNotContainKey("x-death");
        assertThat(new String(dead.get(0).getBody(), StandardCharsets.UTF_8))
                .contains("error-UNREGISTERED-f1").doesNotContain("ok-f1");
        assertThat(sends).as("the first delivery and one resend per level, not a redelivery loop").hasSize(4);
        assertThat(backedOff).isGreaterThanOrEqualTo(levels.stream().mapToLong(Long::longValue).sum());
        assertThat(emulator.stats().attempts("ok-f1")).as("the delivered token is not sent again").isEqualTo(1);
    }
}
