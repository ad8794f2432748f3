package io.pushgateway.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pushgateway.core.DeviceToken;
import io.pushgateway.core.PushRequest;
import io.pushgateway.core.RequestContext;
import io.pushgateway.core.RequestGroup;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

/** Which deliveries of a request reach the real-time channel (the end-to-end proof is RealtimeChannelEndToEndTest). */
class RealtimeDeliveryTest {

    private final ObjectMapper json = new ObjectMapper();
    private final RealtimeDelivery delivery = new RealtimeDelivery(true, new RealtimeMessages(json),
            new RealtimeMetrics(new SimpleMeterRegistry()), Clock.systemUTC());

    private RequestGroup group(int attempt, boolean fromRetryLevel) {
        var original = json.createObjectNode().put("title", "t");
        original.putObject("registration_tokens").put("alice", "tok-a");
        var request = new PushRequest("m-1", null, "t", null, null, null, Map.of(), null, null, null,
                List.of(new DeviceToken("alice", "tok-a")), true, original);
        return new RequestGroup(List.of(RequestGroup.Member.read(new Message(new byte[0], new MessageProperties()),
                new RequestContext(request, attempt, Instant.EPOCH, null, null, fromRetryLevel, 0), false)));
    }

    @Test
    void theFirstDeliveryIsPublished() {
        assertThat(delivery.messages(group(0, false))).extracting(RealtimeMessage::routingKey).containsExactly("user.alice");
    }

    @Test
    void nothingBackFromARetryLevelIsPublishedAgainEvenWithAttemptZero() {
        // Tokens the open circuit held back, and parked requests, come back with attempt 0.
        assertThat(delivery.messages(group(0, true))).isEmpty();
        assertThat(delivery.messages(group(2, true))).isEmpty();
    }

    @Test
    void nothingIsPublishedWhenTheChannelIsOff() {
        RealtimeDelivery off = new RealtimeDelivery(false, new RealtimeMessages(json),
                new RealtimeMetrics(new SimpleMeterRegistry()), Clock.systemUTC());
        assertThat(off.messages(group(0, false))).isEmpty();
    }
}
