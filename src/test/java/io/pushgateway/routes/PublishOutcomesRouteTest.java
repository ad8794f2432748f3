package io.pushgateway.routes;

import static io.pushgateway.routes.BrokerStandIn.ofRequest;
import static io.pushgateway.routes.Deliveries.request;
import static io.pushgateway.routes.Deliveries.requestBody;
import static io.pushgateway.routes.Deliveries.tokens;
import static io.pushgateway.routes.Deliveries.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.pushgateway.routes.BrokerStandIn.Outlet;
import java.util.Map;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

/**
 * publish-outcomes.camel.yaml: each derived message goes to the endpoint of its outcome kind (the four
 * choice branches), carrying only its own headers; a refused message is recorded against its own request
 * (record-refused) while every other message of the group is still published and recorded as confirmed.
 */
class PublishOutcomesRouteTest extends RouteTestSupport {

    @Test
    void eachDerivedMessageGoesToTheEndpointOfItsOutcomeWithOnlyItsOwnHeaders() {
        String id = unique("kinds-");
        String canonical = unique("canonical-");

        broker.deliver(request(requestBody(id, tokens(canonical, unique("error-NotRegistered-"),
                unique("flaky1-"), unique("error-InvalidDataKey-")))));

        Map<Outlet, String> kinds = Map.of(Outlet.TOKEN_UPDATE, "TOKEN_UPDATE", Outlet.TOKEN_DELETE, "TOKEN_DELETE",
                Outlet.RETRY, "RETRY", Outlet.DEAD_LETTER, "DEAD_LETTER");
        kinds.forEach((outlet, kind) -> assertThat(single(broker.took(outlet))).as("at %s", outlet).satisfies(message -> {
            assertThat(header(message, "PushOutcome")).isEqualTo(kind);
            assertThat(header(message, "PushMessageId")).isEqualTo(id);
            assertThat(header(message, "Content-Type")).isEqualTo("application/json");
        }));
        assertThat(single(broker.took(Outlet.TOKEN_UPDATE)).getMessage().getHeaders().keySet())
                .containsExactlyInAnyOrder("PushOutcome", "PushMessageId", "Content-Type");
        assertThat(single(broker.took(Outlet.TOKEN_DELETE)).getMessage().getHeaders().keySet())
                .containsExactlyInAnyOrder("PushOutcome", "PushMessageId", "Content-Type");
        assertThat(single(broker.took(Outlet.RETRY)).getMessage().getHeaders().keySet())
                .containsExactlyInAnyOrder("PushOutcome", "PushMessageId", "Content-Type", "PushRoutingKey",
                        "x-push-attempt", "x-push-first-received");
        assertThat(single(broker.took(Outlet.DEAD_LETTER)).getMessage().getHeaders().keySet())
                .containsExactlyInAnyOrder("PushOutcome", "PushMessageId", "Content-Type", "x-push-error",
                        "x-push-error-detail", "x-push-attempt");
        assertThat(json(single(broker.took(Outlet.TOKEN_UPDATE))).get("old_token").asText()).isEqualTo(canonical);
        assertThat(broker.took(Outlet.REALTIME)).as("a token list names no user").isEmpty();
    }

    @Test
    void aRefusedMessageIsRecordedAgainstItsOwnRequestWhileTheRestOfTheGroupIsPublishedAndConfirmed() {
        String refusedId = unique("refused-");
        String refusedGone = unique("error-NotRegistered-");
        String refusedBadData = unique("error-InvalidDataKey-");
        String otherId = unique("other-");
        String otherGone = unique("error-NotRegistered-");
        broker.refuse(Outlet.TOKEN_DELETE, ofRequest(refusedId));

        Exchange group = broker.deliver(
                request(requestBody(refusedId, tokens(unique("ok-"), refusedGone, refusedBadData))),
                request(requestBody(otherId, tokens(otherGone))));

        assertThat(single(broker.refused())).satisfies(refused -> {
            assertThat(header(refused, "PushMessageId")).isEqualTo(refusedId);
            assertThat(json(refused).get("token").asText()).isEqualTo(refusedGone);
        });
        assertThat(single(broker.took(Outlet.TOKEN_DELETE))).satisfies(delete ->
                assertThat(json(delete).get("token").asText()).isEqualTo(otherGone));
        assertThat(single(broker.took(Outlet.DEAD_LETTER))).satisfies(dead -> {
            assertThat(header(dead, "PushMessageId")).isEqualTo(refusedId);
            assertThat(tokensOf(dead)).isEqualTo(parse(tokens(refusedBadData)));
        });
        // Parked: only the refused event's token; the confirmed dead letter settled its own, the other request
        // settled everything.
        assertThat(single(broker.took(Outlet.RETRY))).satisfies(parked -> {
            assertThat(header(parked, "PushMessageId")).isEqualTo(refusedId);
            assertThat(header(parked, "x-push-parked")).isEqualTo(1);
            assertThat(tokensOf(parked)).isEqualTo(parse(tokens(refusedGone)));
        });
        assertThat(group.getException()).isNull();
        assertThat(requeued(group)).isEmpty();
    }
}
