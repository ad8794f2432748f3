package io.pushgateway.route;

import static io.pushgateway.route.RouteTesting.exchange;
import static io.pushgateway.route.RouteTesting.member;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushgateway.broker.PublishFailedException;
import io.pushgateway.core.OutboundMessage;
import io.pushgateway.core.Outcome;
import io.pushgateway.core.PushHeaders;
import io.pushgateway.core.RequestGroup;
import io.pushgateway.deadletter.DeadLetters;
import io.pushgateway.outcome.FailurePolicy;
import io.pushgateway.outcome.RequestParking;
import io.pushgateway.outcome.RetryRequests;
import java.util.List;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

/** What the error policy's bean reads from a failed exchange: its group and what was caught. */
class FailuresTest {

    private final ObjectMapper json = new ObjectMapper();
    private final DeadLetters deadLetters = new DeadLetters(json);
    private final Failures failures = new Failures(new FailurePolicy(deadLetters,
            new RequestParking(new RetryRequests(level -> "push.retry." + level, json), deadLetters, 3)));

    private static Exchange failed(RequestGroup group, Throwable caught) {
        Exchange exchange = exchange(null);
        exchange.setProperty(RequestGroup.PROPERTY, group);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, caught);
        return exchange;
    }

    @Test
    void aBugInAGroupIsFatalAndABrokerRefusalIsNot() {
        RequestGroup group = new RequestGroup(List.of(member("m-1", "tok")));

        assertThat(failures.isFatal(failed(group, new IllegalStateException("bug")))).isTrue();
        assertThat(failures.isFatal(failed(group, new PublishFailedException("nack")))).isFalse();
    }

    @Test
    void aFailureBeforeTheGroupWasReadIsNotFatalSoTheDeliveriesGoBackToTheQueue() {
        assertThat(failures.isFatal(failed(null, new IllegalStateException("bug")))).isFalse();
    }

    @Test
    void aFatalGroupFailureDeadLettersEachRequestAsReceivedWithProcessingError() {
        RequestGroup group = new RequestGroup(List.of(member("m-1", "tok-a"), member("m-2", "tok-b")));

        List<OutboundMessage> letters = failures.deadLettersForGroup(failed(group, new IllegalStateException("bug")));

        assertThat(letters).extracting(OutboundMessage::kind).containsOnly(Outcome.DEAD_LETTER);
        assertThat(letters).extracting(OutboundMessage::messageId).containsExactly("m-1", "m-2");
        assertThat(letters).extracting(m -> m.headers().get(PushHeaders.ERROR))
                .containsOnly(DeadLetters.PROCESSING_ERROR);
    }
}
