package io.pushgateway.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pushgateway.core.DeviceToken;
import io.pushgateway.core.OutboundMessage;
import io.pushgateway.core.Outcome;
import io.pushgateway.core.PushHeaders;
import io.pushgateway.core.PushRequest;
import io.pushgateway.core.RequestContext;
import io.pushgateway.deadletter.DeadLetters;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestParkingTest {

    private static final Instant FIRST_SEEN = Instant.parse("2026-12-02T10:00:00Z");
    private final ObjectMapper json = new ObjectMapper();
    private final DeviceToken a = new DeviceToken("user-a", "tok-a");
    private final DeviceToken b = new DeviceToken("user-b", "tok-b");
    private final RequestParking parking = new RequestParking(new RetryRequests(level -> "push.retry." + level, json),
            new DeadLetters(json), 3);

    private RequestContext context(int attempt, int parked) {
        ObjectNode original = json.createObjectNode().put("title", "t");
        original.putObject("registration_tokens").put("user-a", "tok-a").put("user-b", "tok-b");
        var request = new PushRequest("m-1", "CODE", "t", null, null, null, Map.of(), null, null, null,
                List.of(a, b), true, original);
        return new RequestContext(request, attempt, FIRST_SEEN, "push.request", "text/plain", parked > 0, parked);
    }

    @Test
    void theFirstFailureParksOnlyTheUnsettledTargetsOnTheFirstLevelWithTheAttemptUnchanged() throws Exception {
        OutboundMessage parked = parking.park(context(2, 0), List.of(b), "Unroutable");

        assertThat(parked.kind()).isEqualTo(Outcome.RETRY);
        assertThat(parked.routingKey()).isEqualTo("push.retry.1");
        assertThat(parked.headers()).containsEntry(PushHeaders.ATTEMPT, 2).containsEntry(PushHeaders.PARKED, 1)
                .containsEntry(PushHeaders.FIRST_RECEIVED, FIRST_SEEN.toEpochMilli());
        JsonNode body = json.readTree(parked.body());
        assertThat(body.get("registration_tokens").properties()).hasSize(1);
        assertThat(body.get("registration_tokens").get("user-b").asText()).isEqualTo("tok-b");
        assertThat(parked.targets()).containsExactly(b);
    }

    @Test
    void eachFailureInARowWaitsOnTheNextLevel() {
        assertThat(parking.park(context(0, 1), List.of(a), "x").routingKey()).isEqualTo("push.retry.2");
        assertThat(parking.park(context(0, 2), List.of(a), "x").routingKey()).isEqualTo("push.retry.3");
    }

    @Test
    void afterTheLastLevelTheUnsettledTargetsAreDeadLetteredAsAProcessingError() throws Exception {
        OutboundMessage dead = parking.park(context(1, 3), List.of(a, b), "Unroutable: no queue is bound");

        assertThat(dead.kind()).isEqualTo(Outcome.DEAD_LETTER);
        assertThat(dead.headers()).containsEntry(PushHeaders.ERROR, DeadLetters.PROCESSING_ERROR)
                .containsEntry(PushHeaders.ATTEMPT, 1);
        assertThat((String) dead.headers().get(PushHeaders.ERROR_DETAIL))
                .contains("2 token(s)").contains("4 deliveries").contains("Unroutable: no queue is bound");
        assertThat(json.readTree(dead.body()).get("registration_tokens").properties()).hasSize(2);
    }
}
