package io.pushgateway.route;

import static io.pushgateway.route.RouteTesting.deleteEvent;
import static io.pushgateway.route.RouteTesting.exchange;
import static io.pushgateway.route.RouteTesting.member;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pushgateway.broker.BrokerHeaders;
import io.pushgateway.broker.PublishFailedException;
import io.pushgateway.core.OutboundMessage;
import io.pushgateway.core.PushHeaders;
import io.pushgateway.core.RequestGroup;
import io.pushgateway.metrics.PushMetrics;
import java.util.List;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

/** How the outcomes bean shapes each publish and tells the group what the broker did with it. */
class OutcomesTest {

    // Planning is GroupPlanner's (tested through the pipeline); these tests never plan.
    private final Outcomes outcomes = new Outcomes(null, new PushMetrics(new SimpleMeterRegistry()));

    @Test
    void aPublishCarriesExactlyItsOutboundMessageAndNoHeaderFromTheIntake() {
        Exchange exchange = exchange(deleteEvent("m-1", "tok-gone"));
        exchange.getMessage().setHeader("x-intake-only", "leak");

        outcomes.toMessage(exchange);

        assertThat(exchange.getMessage().getHeaders())
                .doesNotContainKey("x-intake-only")
                .containsEntry(Outcomes.OUTCOME, "TOKEN_DELETE")
                .containsEntry(BrokerHeaders.MESSAGE_ID, "m-1")
                .containsEntry(BrokerHeaders.TYPE, "token.delete")
                .containsEntry(BrokerHeaders.CONTENT_TYPE, "application/json")
                .containsEntry(PushHeaders.ATTEMPT, 0);
        assertThat(exchange.getMessage().getBody()).isInstanceOf(byte[].class);
    }

    @Test
    void aConfirmedPublishSettlesItsTargetsInTheGroup() {
        RequestGroup.Member member = member("m-1", "tok-gone");
        RequestGroup group = new RequestGroup(List.of(member));
        OutboundMessage delete = deleteEvent("m-1", "tok-gone");
        group.planned(member, List.of(delete));

        outcomes.confirmed(publishOf(delete, group));

        assertThat(member.ledger().unsettled()).isEmpty();
        assertThat(member.publishFailure()).isNull();
    }

    @Test
    void aRefusedPublishLeavesItsRequestWithTheReasonAndTheOthersUntouched() {
        RequestGroup.Member refused = member("m-1", "tok-gone");
        RequestGroup.Member other = member("m-2", "tok-other");
        RequestGroup group = new RequestGroup(List.of(refused, other));
        OutboundMessage delete = deleteEvent("m-1", "tok-gone");
        group.planned(refused, List.of(delete));
        group.planned(other, List.of());
        Exchange publish = publishOf(delete, group);
        PublishFailedException nack = new PublishFailedException("nack");
        publish.setProperty(Exchange.EXCEPTION_CAUGHT, nack);

        outcomes.refused(publish);

        assertThat(refused.publishFailure()).isSameAs(nack);
        assertThat(refused.ledger().unsettled()).extracting(t -> t.token()).containsExactly("tok-gone");
        assertThat(other.publishFailure()).isNull();
    }

    /** The exchange of one publish after toMessage, as the split of publish-outcomes makes it. */
    private Exchange publishOf(OutboundMessage message, RequestGroup group) {
        Exchange publish = exchange(message);
        publish.setProperty(RequestGroup.PROPERTY, group);
        outcomes.toMessage(publish);
        return publish;
    }
}
