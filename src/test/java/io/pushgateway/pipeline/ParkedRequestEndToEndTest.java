package io.pushgateway.pipeline;

import static io.pushgateway.testsupport.BrokerProbe.body;
import static io.pushgateway.testsupport.BrokerProbe.header;
import static io.pushgateway.testsupport.BrokerProbe.withMessageId;
import static org.assertj.core.api.Assertions.assertThat;

import io.pushgateway.testsupport.Await;
import io.pushgateway.testsupport.GatewayTestBase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.amqp.core.Message;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A request whose outcome the broker refuses (the token-delete endpoint points at an exchange that
 * does not exist) is parked on the retry levels (300, 600, 900 ms here) instead of being redelivered
 * at once: only what is unsettled is sent again, the attempt is kept, and after the last level it is
 * dead-lettered as processing-error. Once the exchange exists, the parked request settles.
 */
@ExtendWith(OutputCaptureExtension.class)
class ParkedRequestEndToEndTest extends GatewayTestBase {

    private static final String MISSING_EXCHANGE = "push.parking.missing";
    private static final String LATE_QUEUE = "push.parking.deletes";
    private static final List<Duration> LEVELS = List.of(Duration.ofMillis(300), Duration.ofMillis(600),
            Duration.ofMillis(900));
    private static final Duration WAIT = Duration.ofSeconds(20);

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        registerBroker(registry, "parking");
        registry.add("push.outcome.token-delete-uri", () -> "broker:" + MISSING_EXCHANGE + "?routingKey=deletes");
    }

    @AfterEach
    void removeTheLateExchange() {
        rabbit.execute(channel -> {
            channel.queueDelete(LATE_QUEUE);
            channel.exchangeDelete(MISSING_EXCHANGE);
            return null;
        });
    }

    @Test
    void aRequestWhoseOutcomeIsRefusedBacksOffThroughTheLevelsAndNeverResendsWhatWasDelivered(CapturedOutput output) {
        String id = unique("parked-");
        String delivered = unique("ok-");
        String gone = unique("error-UNREGISTERED-");
        broker.publishRequest("{\"title\":\"t\",\"message_id\":\"" + id + "\",\"registration_tokens\":[\""
                + delivered + "\",\"" + gone + "\"]}");

        Message dead = broker.await("push.dead", withMessageId(id), 1, WAIT).get(0);
        assertThat(header(dead, "x-push-error")).isEqualTo("processing-error");
        assertThat(header(dead, "x-push-attempt")).isEqualTo(0);
        assertThat(String.valueOf(header(dead, "x-push-error-detail")))
                .contains("could not be published").contains(MISSING_EXCHANGE);
        assertThat(body(dead)).contains(gone).doesNotContain(delivered);

        assertThat(emulator().stats().attempts(delivered)).as("a delivered token is not sent again").isEqualTo(1);
        List<Long> sends = emulator().stats().attemptTimes(gone);
        assertThat(sends).as("the first delivery, then one per retry level").hasSize(1 + LEVELS.size());
        for (int level = 1; level <= LEVELS.size(); level++) {
            assertThat(sends.get(level) - sends.get(level - 1)).as("wait before resend %d", level)
                    .isGreaterThanOrEqualTo(LEVELS.get(level - 1).toMillis());
        }
        assertThat(output.getAll()).contains("Request " + id + " attempt 0: 1 of its outcome message(s) not taken")
                .contains("on retry level 3 of 3");
        assertThat(broker.depth("push.requests")).isZero();
    }

    @Test
    void aParkedRequestSettlesOnceTheRefusedExchangeExists(CapturedOutput output) {
        String id = unique("parked-then-fixed-");
        String gone = unique("error-UNREGISTERED-");
        broker.publishRequest("{\"title\":\"t\",\"message_id\":\"" + id + "\",\"registration_tokens\":[\"" + gone + "\"]}");
        Await.until("the request parked", WAIT, () -> output.getAll().contains("Request " + id + " attempt 0: 1 of"));

        rabbit.execute(channel -> {
            channel.exchangeDeclare(MISSING_EXCHANGE, "direct", false);
            channel.queueDeclare(LATE_QUEUE, false, false, false, null);
            channel.queueBind(LATE_QUEUE, MISSING_EXCHANGE, "deletes");
            return null;
        });

        Message event = broker.await(LATE_QUEUE, m -> body(m).contains(gone), 1, WAIT).get(0);
        assertThat(body(event)).contains("\"message_id\":\"" + id + "\"");
        assertThat(emulator().stats().attempts(gone)).as("sent again from the retry level").isGreaterThanOrEqualTo(2);
        assertThat(broker.collect("push.dead", withMessageId(id), Duration.ofMillis(500))).isEmpty();
    }
}
