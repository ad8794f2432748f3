package io.pushgateway.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushgateway.broker.PublishFailedException;
import io.pushgateway.core.DeviceToken;
import io.pushgateway.core.InvalidPushRequestException;
import io.pushgateway.core.OutboundMessage;
import io.pushgateway.core.Outcome;
import io.pushgateway.core.PushHeaders;
import io.pushgateway.core.PushRequest;
import io.pushgateway.core.RequestContext;
import io.pushgateway.core.RequestGroup;
import io.pushgateway.deadletter.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.AmqpIOException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

/**
 * Which failures park a request, what the parked request holds, and that a refusal touches only its
 * own request of the group (the end-to-end proof is ParkedRequestEndToEndTest).
 */
class FailurePolicyTest {

    private final ObjectMapper json = new ObjectMapper();
    private final DeadLetters deadLetters = new DeadLetters(json);
    private final FailurePolicy policy = new FailurePolicy(deadLetters,
            new RequestParking(new RetryRequests(level -> "push.retry." + level, json), deadLetters, 3));
    private final DeviceToken delivered = new DeviceToken(null, "tok-ok");
    private final DeviceToken unregistered = new DeviceToken(null, "tok-gone");

    private static Message delivery(String id) {
        MessageProperties props = new MessageProperties();
        props.setMessageId(id);
        return new Message("{\"title\":\"t\"}".getBytes(StandardCharsets.UTF_8), props);
    }

    private RequestGroup.Member member(String id) {
        var original = json.createObjectNode().put("title", "t");
        original.putArray("registration_tokens").add("tok-ok").add("tok-gone");
        var request = new PushRequest(id, null, "t", null, null, null, Map.of(), null, null, null,
                List.of(delivered, unregistered), false, original);
        return RequestGroup.Member.read(delivery(id), new RequestContext(request, 1, Instant.EPOCH, null, null, true, 0),
                false);
    }

    private OutboundMessage deleteEvent(String id) {
        return new OutboundMessage(Outcome.TOKEN_DELETE, new byte[0], Map.of(), id, null, null, List.of(unregistered));
    }

    /** What the policy makes of a one-request group whose token-delete event was refused with {@code refusal}. */
    private List<OutboundMessage> afterTheDeleteEventWasRefused(Throwable refusal) {
        RequestGroup.Member member = member("m-1");
        RequestGroup group = new RequestGroup(List.of(member));
        OutboundMessage delete = deleteEvent("m-1");
        group.planned(member, List.of(delete));
        group.refused(delete, refusal);
        return policy.parkRefused(group);
    }

    @Test
    void aRefusedOutcomeParksWhatItLeftUnsettled() throws Exception {
        List<OutboundMessage> parked = afterTheDeleteEventWasRefused(
                new PublishFailedException("Unroutable: no queue is bound for exchange 'x'"));

        assertThat(parked).hasSize(1);
        assertThat(parked.get(0).kind()).isEqualTo(Outcome.RETRY);
        assertThat(parked.get(0).headers()).containsEntry(PushHeaders.ATTEMPT, 1).containsEntry(PushHeaders.PARKED, 1);
        assertThat(json.readTree(parked.get(0).body()).get("registration_tokens").toString()).isEqualTo("[\"tok-gone\"]");
    }

    @Test
    void aRefusalParksOnlyItsOwnRequestAndARefusedParkingReturnsOnlyThatRequestToTheQueue() {
        RequestGroup.Member refused = member("m-1");
        RequestGroup.Member fine = member("m-2");
        RequestGroup group = new RequestGroup(List.of(refused, fine));
        OutboundMessage refusedDelete = deleteEvent("m-1");
        OutboundMessage fineDelete = deleteEvent("m-2");
        group.planned(refused, List.of(refusedDelete));
        group.planned(fine, List.of(fineDelete));
        group.refused(refusedDelete, new PublishFailedException("nack"));
        group.confirmed(fineDelete);

        List<OutboundMessage> parked = policy.parkRefused(group);
        assertThat(parked).extracting(OutboundMessage::messageId).containsExactly("m-1");
        group.refused(parked.get(0), new PublishFailedException("nack again"));

        assertThat(group.requeued()).containsExactly(refused.delivery());
    }

    @Test
    void aRequestWhoseOutcomesWereAllConfirmedIsNotParked() {
        RequestGroup.Member member = member("m-1");
        RequestGroup group = new RequestGroup(List.of(member));
        OutboundMessage delete = deleteEvent("m-1");
        group.planned(member, List.of(delete));
        group.confirmed(delete);

        assertThat(policy.parkRefused(group)).isEmpty();
        assertThat(group.requeued()).isEmpty();
    }

    @Test
    void anUnreadableRequestWhoseDeadLetterIsRefusedGoesBackToTheQueue() {
        RequestGroup.Member unreadable = RequestGroup.Member.unreadable(delivery("bad"),
                InvalidPushRequestException.unknownProject("p", List.of("default")), 0);
        RequestGroup group = new RequestGroup(List.of(unreadable));
        List<OutboundMessage> letters = policy.deadLetterFor(unreadable);
        group.planned(unreadable, letters);
        group.refused(letters.get(0), new PublishFailedException("nack"));

        assertThat(policy.parkRefused(group)).isEmpty();
        assertThat(group.requeued()).containsExactly(unreadable.delivery());
    }

    @Test
    void anOutcomeRefusedForAReasonThatIsNotTransientDeadLettersTheRequestAsReceivedInsteadOfParkingIt() {
        List<OutboundMessage> out = afterTheDeleteEventWasRefused(new IllegalStateException("no consumer on the endpoint"));

        assertThat(out).hasSize(1);
        assertThat(out.get(0).kind()).isEqualTo(Outcome.DEAD_LETTER);
        assertThat(out.get(0).headers()).containsEntry(PushHeaders.ERROR, DeadLetters.PROCESSING_ERROR);
        assertThat((String) out.get(0).headers().get(PushHeaders.ERROR_DETAIL)).contains("IllegalStateException");
        assertThat(new String(out.get(0).body(), StandardCharsets.UTF_8)).isEqualTo("{\"title\":\"t\"}");
    }

    @Test
    void onlyTheBrokerNotTakingAMessageIsTransient() {
        assertThat(FailurePolicy.isTransient(new PublishFailedException("nack"))).isTrue();
        assertThat(FailurePolicy.isTransient(new AmqpIOException(new java.io.IOException("channel closed")))).isTrue();
        assertThat(FailurePolicy.isTransient(new IllegalStateException("bug"))).isFalse();
        assertThat(FailurePolicy.isTransient(InvalidPushRequestException.unknownProject("p", List.of()))).isFalse();
    }
}
