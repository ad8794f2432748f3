package io.pushgateway.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pushgateway.intake.DeviceToken;
import io.pushgateway.intake.IntakeStep;
import io.pushgateway.intake.PushRequest;
import io.pushgateway.outcome.RequestContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Which deliveries of a request reach the real-time channel (the end-to-end proof is RealtimeChannelEndToEndTest). */
class RealtimeStepsTest {

    private static final DefaultCamelContext CAMEL = new DefaultCamelContext();
    private final ObjectMapper json = new ObjectMapper();
    private final RealtimeSteps steps = new RealtimeSteps(true, new RealtimeMessages(json),
            new RealtimeMetrics(new SimpleMeterRegistry()), Clock.systemUTC());

    @AfterAll
    static void close() throws Exception {
        CAMEL.close();
    }

    private Exchange delivery(int attempt, boolean fromRetryLevel) {
        var original = json.createObjectNode().put("title", "t");
        original.putObject("registration_tokens").put("alice", "tok-a");
        var request = new PushRequest("m-1", null, "t", null, null, null, Map.of(), null, null, null,
                List.of(new DeviceToken("alice", "tok-a")), true, original);
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.setProperty(IntakeStep.CONTEXT,
                new RequestContext(request, attempt, Instant.EPOCH, null, null, fromRetryLevel, 0));
        return exchange;
    }

    @Test
    void theFirstDeliveryIsPublished() {
        assertThat(steps.shouldPublish(delivery(0, false))).isTrue();
    }

    @Test
    void nothingBackFromARetryLevelIsPublishedAgainEvenWithAttemptZero() {
        // Tokens the open circuit held back, and parked requests, come back with attempt 0.
        assertThat(steps.shouldPublish(delivery(0, true))).isFalse();
        assertThat(steps.shouldPublish(delivery(2, true))).isFalse();
    }
}
