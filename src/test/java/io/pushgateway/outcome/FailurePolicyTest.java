package io.pushgateway.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushgateway.broker.PublishFailedException;
import io.pushgateway.deadletter.DeadLetters;
import io.pushgateway.intake.DeviceToken;
import io.pushgateway.intake.IntakeStep;
import io.pushgateway.intake.InvalidPushRequestException;
import io.pushgateway.intake.PushHeaders;
import io.pushgateway.intake.PushRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Which failures park a request, and what the parked request holds (the end-to-end proof is ParkedRequestEndToEndTest). */
class FailurePolicyTest {

    private static final DefaultCamelContext CAMEL = new DefaultCamelContext();
    private final ObjectMapper json = new ObjectMapper();
    private final DeadLetters deadLetters = new DeadLetters(json);
    private final FailurePolicy policy = new FailurePolicy(deadLetters,
            new RequestParking(new RetryRequests(level -> "push.retry." + level, json), deadLetters, 3));
    private final DeviceToken delivered = new DeviceToken(null, "tok-ok");
    private final DeviceToken unregistered = new DeviceToken(null, "tok-gone");

    @AfterAll
    static void close() throws Exception {
        CAMEL.close();
    }

    private Exchange failedWith(Throwable error, PublishLedger ledger) {
        var original = json.createObjectNode().put("title", "t");
        original.putArray("registration_tokens").add("tok-ok").add("tok-gone");
        var request = new PushRequest("m-1", null, "t", null, null, null, Map.of(), null, null, null,
                List.of(delivered, unregistered), false, original);
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.setProperty(IntakeStep.CONTEXT, new RequestContext(request, 1, Instant.EPOCH, null, null, true, 0));
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, error);
        if (ledger != null) {
            exchange.setProperty(PublishLedger.PROPERTY, ledger);
        }
        return exchange;
    }

    private OutboundMessage deleteEvent() {
        return new OutboundMessage(Outcome.TOKEN_DELETE, new byte[0], Map.of(), "m-1", null, null,
                List.of(unregistered));
    }

    @Test
    void aRefusedOutcomeParksWhatItLeftUnsettled() throws Exception {
        Exchange exchange = failedWith(new PublishFailedException("Unroutable: no queue is bound for exchange 'x'"),
                new PublishLedger(List.of(deleteEvent())));

        assertThat(policy.canPark(exchange)).isTrue();
        OutboundMessage parked = policy.parkedRequestFor(exchange).get(0);
        assertThat(parked.kind()).isEqualTo(Outcome.RETRY);
        assertThat(parked.headers()).containsEntry(PushHeaders.ATTEMPT, 1).containsEntry(PushHeaders.PARKED, 1);
        assertThat(json.readTree(parked.body()).get("registration_tokens").toString()).isEqualTo("[\"tok-gone\"]");
    }

    @Test
    void aFatalFailureIsNeverParked() {
        assertThat(policy.canPark(failedWith(new IllegalStateException("bug"),
                new PublishLedger(List.of(deleteEvent()))))).isFalse();
        assertThat(policy.canPark(failedWith(InvalidPushRequestException.unknownProject("p", List.of("default")), null))).isFalse();
    }

    @Test
    void aTransientFailureBeforeAnythingWasPlannedOrAfterEverythingWasConfirmedIsNotParked() {
        OutboundMessage delete = deleteEvent();
        PublishLedger allConfirmed = new PublishLedger(List.of(delete));
        allConfirmed.confirmed(delete);

        assertThat(policy.canPark(failedWith(new PublishFailedException("nack"), null))).isFalse();
        assertThat(policy.canPark(failedWith(new PublishFailedException("nack"), allConfirmed))).isFalse();
    }
}
