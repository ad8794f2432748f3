package io.pushgateway.routes;

import static io.pushgateway.routes.BrokerStandIn.ofRequest;
import static io.pushgateway.routes.Deliveries.request;
import static io.pushgateway.routes.Deliveries.requestBody;
import static io.pushgateway.routes.Deliveries.tokens;
import static io.pushgateway.routes.Deliveries.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.pushgateway.routes.BrokerStandIn.Outlet;
import io.pushgateway.routes.StepFaults.Point;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.AmqpConnectException;
import org.springframework.amqp.core.Message;

/**
 * push-error-policy.camel.yaml (the intake's onException) and pass-errors-to-caller.camel.yaml: a group that
 * fails for good dead-letters its unsettled requests as received and is acked; a transient failure fails the
 * exchange, so the broker: consumer returns the whole group; a failure inside a sub-route reaches this
 * policy untouched.
 */
class PushErrorPolicyTest extends RouteTestSupport {

    @Test
    void aGroupThatFailsForGoodDeadLettersEachRequestAsReceivedAndIsAcked() {
        String id = unique("bug-");
        String original = requestBody(id, tokens(unique("error-NotRegistered-")));
        faults.failAt(Point.PLAN_OUTCOMES, new IllegalStateException("a bug while planning (stand-in)"));

        Exchange group = broker.deliver(request(original), request("not JSON either"));

        Map<Object, Exchange> deadByError = byHeader(broker.took(Outlet.DEAD_LETTER), "x-push-error");
        assertThat(deadByError).containsOnlyKeys("processing-error", "invalid-json");
        Exchange bug = deadByError.get("processing-error");
        assertThat(bug.getMessage().getBody(byte[].class)).isEqualTo(original.getBytes(StandardCharsets.UTF_8));
        assertThat(header(bug, "x-push-error-detail")).isEqualTo("processing failed with java.lang.IllegalStateException");
        assertThat(header(bug, "x-push-attempt")).isEqualTo(0);
        assertThat(text(deadByError.get("invalid-json"))).isEqualTo("not JSON either");
        assertThat(broker.took(Outlet.TOKEN_DELETE)).as("nothing planned, nothing published but the dead letters").isEmpty();
        assertThat(group.getException()).as("handled: the group is acked").isNull();
        assertThat(requeued(group)).isEmpty();
    }

    @Test
    void aGroupThatFailsTransientlyFailsItsExchangeSoTheConsumerReturnsTheWholeGroup() {
        AmqpConnectException lost = new AmqpConnectException(new ConnectException("channel lost (stand-in)"));
        faults.failAt(Point.PLAN_OUTCOMES, lost);

        Exchange group = broker.deliver(request(requestBody(unique("transient-"), tokens(unique("error-NotRegistered-")))),
                request("not JSON"));

        assertThat(group.getException()).isSameAs(lost);
        assertThat(spy(PUBLISH_CALLS).getReceivedCounter()).as("not even the invalid request's dead letter").isZero();
        assertThat(group.getProperty(REQUEUE)).as("the whole group goes back, not a part").isNull();
    }

    @Test
    void aFailureInsideTheSubRoutesReachesTheIntakeErrorPolicyWhichDeadLettersOnlyTheUnsettledRequest() {
        String failingId = unique("sub-route-bug-");
        String failing = requestBody(failingId, tokens(unique("ok-"), unique("error-NotRegistered-")));
        String settledId = unique("settled-");
        String settledBadData = unique("error-InvalidDataKey-");
        // Shaping this request's delete event fails outside the publish's doTry, so no endpoint takes it.
        faults.failAt(Point.MESSAGE_SHAPED, exchange -> "TOKEN_DELETE".equals(header(exchange, "PushOutcome"))
                && failingId.equals(header(exchange, "PushMessageId")), new IllegalStateException("a bug (stand-in)"));

        Exchange group = broker.deliver(request(failing, failingId),
                request(requestBody(settledId, tokens(settledBadData)), settledId));

        Map<Object, Exchange> deadById = byHeader(broker.took(Outlet.DEAD_LETTER), "PushMessageId");
        assertThat(deadById).containsOnlyKeys(failingId, settledId);
        assertThat(deadById.get(failingId)).satisfies(dead -> {
            assertThat(header(dead, "x-push-error")).isEqualTo("processing-error");
            assertThat(dead.getMessage().getBody(byte[].class)).isEqualTo(failing.getBytes(StandardCharsets.UTF_8));
        });
        assertThat(deadById.get(settledId)).as("its planned dead letter, once").satisfies(dead -> {
            assertThat(header(dead, "x-push-error")).isEqualTo("fcm-InvalidDataKey");
            assertThat(tokensOf(dead)).isEqualTo(parse(tokens(settledBadData)));
        });
        assertThat(broker.took(Outlet.TOKEN_DELETE)).isEmpty();
        assertThat(group.getException()).isNull();
        assertThat(requeued(group)).isEmpty();
    }

    @Test
    void aRequestWhoseDeadLetterIsRefusedAfterTheGroupFailedIsNamedInPushRequeue() {
        String refusedId = unique("dead-letter-refused-");
        String otherId = unique("dead-lettered-");
        faults.failAt(Point.PLAN_OUTCOMES, new IllegalStateException("a bug while planning (stand-in)"));
        broker.refuse(Outlet.DEAD_LETTER, ofRequest(refusedId));
        Message refused = request(requestBody(refusedId, tokens(unique("ok-"))), refusedId);
        Message other = request(requestBody(otherId, tokens(unique("ok-"))), otherId);

        Exchange group = broker.deliver(refused, other);

        assertThat(requeued(group)).containsExactly(refused);
        assertThat(single(broker.took(Outlet.DEAD_LETTER))).satisfies(dead ->
                assertThat(header(dead, "PushMessageId")).isEqualTo(otherId));
        assertThat(group.getException()).isNull();
    }
}
