package io.pushgateway.routes;

import static io.pushgateway.routes.BrokerStandIn.ofRequest;
import static io.pushgateway.routes.Deliveries.fromRetryLevel;
import static io.pushgateway.routes.Deliveries.requestBody;
import static io.pushgateway.routes.Deliveries.request;
import static io.pushgateway.routes.Deliveries.tokens;
import static io.pushgateway.routes.Deliveries.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.pushgateway.routes.BrokerStandIn.Outlet;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;

/**
 * consume-push-requests.camel.yaml: a group read (invalid members dead-lettered, expired ones too, the rest
 * sent), its outcomes published, or nothing published when every token was delivered; a refused outcome
 * parks its request, and a refused parking names the request in {@code PushRequeue}.
 */
class ConsumePushRequestsRouteTest extends RouteTestSupport {

    @Test
    void theRoutesRunWithTheIntakeOnDirectAndNoBrokerEndpointAnywhere() {
        Route intake = camel.getRoute("consume-push-requests");
        assertThat(intake.getEndpoint().getEndpointUri()).isEqualTo("direct://push-intake");
        assertThat(camel.getRoutes()).extracting(Route::getRouteId)
                .contains("consume-push-requests", "send-batch-default", "publish-outcomes", "deliver-realtime");
        assertThat(camel.getEndpoints()).extracting(e -> e.getEndpointUri())
                .noneMatch(uri -> uri.startsWith("broker:"))
                .contains("mock://broker-token-update", "mock://broker-token-delete", "mock://broker-retry",
                        "mock://broker-dead-letter", "mock://broker-realtime");
    }

    @Test
    void invalidRequestsAreDeadLetteredAsReceivedWithTheirErrorCodeWhileTheRestOfTheGroupIsSent() {
        String notJson = "this is not JSON";
        String noTokens = "{\"title\":\"t\",\"message_id\":\"" + unique("no-tokens-") + "\"}";
        String id = unique("valid-");
        String gone = unique("error-NotRegistered-");

        Exchange group = broker.deliver(request(notJson), request(noTokens), request(requestBody(id, tokens(gone))));

        Map<Object, Exchange> deadByError = byHeader(broker.took(Outlet.DEAD_LETTER), "x-push-error");
        assertThat(deadByError).containsOnlyKeys("invalid-json", "no-tokens");
        assertThat(text(deadByError.get("invalid-json"))).isEqualTo(notJson);
        assertThat(text(deadByError.get("no-tokens"))).isEqualTo(noTokens);
        assertThat(deadByError.values()).allSatisfy(dead -> {
            assertThat(header(dead, "PushOutcome")).isEqualTo("DEAD_LETTER");
            assertThat(header(dead, "x-push-attempt")).isEqualTo(0);
        });
        // The valid member was sent: FCM's answer for its token came back as a delete event.
        assertThat(broker.took(Outlet.TOKEN_DELETE)).singleElement()
                .satisfies(delete -> assertThat(json(delete).get("token").asText()).isEqualTo(gone));
        assertThat(spy(FCM_SENDS).getReceivedCounter()).isEqualTo(1);
        assertThat(group.getException()).isNull();
        assertThat(requeued(group)).isEmpty();
    }

    @Test
    void aSendableRequestGetsAnEventPerChangedTokenARetryForItsFlakyTokenAndADeadLetterForTheTokenFcmRejected() {
        String id = unique("sendable-");
        String delivered = unique("ok-");
        String canonical = unique("canonical-");
        String gone = unique("error-NotRegistered-");
        String flaky = unique("flaky1-");
        String badData = unique("error-InvalidDataKey-");
        String users = "{\"u-ok\":\"%s\",\"u-new\":\"%s\",\"u-gone\":\"%s\",\"u-flaky\":\"%s\",\"u-bad\":\"%s\"}"
                .formatted(delivered, canonical, gone, flaky, badData);

        Exchange group = broker.deliver(request(requestBody(id, users)));

        Exchange update = single(broker.took(Outlet.TOKEN_UPDATE));
        assertThat(json(update)).isEqualTo(parse("""
                {"message_id":"%s","push_code":"ROUTE_TEST","user":"u-new","old_token":"%s","new_token":"new-%s",
                 "project":null}""".formatted(id, canonical, canonical)));
        Exchange delete = single(broker.took(Outlet.TOKEN_DELETE));
        assertThat(json(delete)).isEqualTo(parse("""
                {"message_id":"%s","push_code":"ROUTE_TEST","user":"u-gone","token":"%s","reason":"NotRegistered",
                 "project":null}""".formatted(id, gone)));
        Exchange retry = single(broker.took(Outlet.RETRY));
        assertThat(header(retry, "PushRoutingKey")).isEqualTo("push.retry.1");
        assertThat(header(retry, "x-push-attempt")).isEqualTo(1);
        assertThat(tokensOf(retry)).isEqualTo(parse("{\"u-flaky\":\"%s\"}".formatted(flaky)));
        assertThat(json(retry).get("title").asText()).isEqualTo("route test");
        Exchange dead = single(broker.took(Outlet.DEAD_LETTER));
        assertThat(header(dead, "x-push-error")).isEqualTo("fcm-InvalidDataKey");
        assertThat(tokensOf(dead)).isEqualTo(parse("{\"u-bad\":\"%s\"}".formatted(badData)));
        assertThat(publishedLists()).as("one publish call, nothing parked").containsExactly(4);
        assertThat(List.of(update, delete, retry, dead)).allSatisfy(message -> {
            assertThat(header(message, "PushMessageId")).isEqualTo(id);
            assertThat(text(message)).doesNotContain(delivered);
        });
        assertThat(group.getException()).isNull();
        assertThat(requeued(group)).isEmpty();
    }

    @Test
    void aRequestWhoseTtlPassedSinceItsFirstReceiptIsDeadLetteredAsExpiredWithoutBeingSent() {
        String expiredId = unique("expired-");
        String expiredToken = unique("error-NotRegistered-");
        String freshId = unique("in-time-");
        String freshToken = unique("error-NotRegistered-");
        Instant now = Instant.now();

        Exchange group = broker.deliver(
                fromRetryLevel(requestBody(expiredId, tokens(expiredToken), "\"ttl_seconds\":60"), 1, 1,
                        now.minus(Duration.ofMinutes(2))),
                fromRetryLevel(requestBody(freshId, tokens(freshToken), "\"ttl_seconds\":60"), 1, 1,
                        now.minus(Duration.ofSeconds(10))));

        Exchange dead = single(broker.took(Outlet.DEAD_LETTER));
        assertThat(header(dead, "x-push-error")).isEqualTo("expired");
        assertThat(header(dead, "x-push-attempt")).isEqualTo(1);
        assertThat(header(dead, "PushMessageId")).isEqualTo(expiredId);
        assertThat((String) header(dead, "x-push-error-detail")).contains("ttl_seconds 60");
        assertThat(tokensOf(dead)).isEqualTo(parse(tokens(expiredToken)));
        // Only the request still in time reached FCM: its token, not the expired one's, was answered.
        assertThat(broker.took(Outlet.TOKEN_DELETE)).singleElement()
                .satisfies(delete -> assertThat(json(delete).get("token").asText()).isEqualTo(freshToken));
        assertThat(group.getException()).isNull();
    }

    @Test
    void aGroupWhoseTokensWereAllDeliveredSkipsThePublishBranch() {
        Exchange group = broker.deliver(
                request(requestBody(unique("all-ok-"), tokens(unique("ok-"), unique("ok-")))),
                request(requestBody(unique("all-ok-"), tokens(unique("ok-")))));

        assertThat(spy(FCM_SENDS).getReceivedCounter()).as("the group was sent").isEqualTo(1);
        assertThat(spy(PUBLISH_CALLS).getReceivedCounter()).as("publish-outcomes called").isZero();
        for (Outlet outlet : Outlet.values()) {
            assertThat(broker.took(outlet)).as("messages at %s", outlet).isEmpty();
        }
        assertThat(group.getException()).isNull();
        assertThat(requeued(group)).isEmpty();
    }

    @Test
    void aRequestWhoseOutcomeTheBrokerRefusesIsParkedOnTheFirstLevelWithOnlyItsUnsettledTokens() {
        String id = unique("parked-");
        String delivered = unique("ok-");
        String gone = unique("error-NotRegistered-");
        broker.refuse(Outlet.TOKEN_DELETE, ofRequest(id));

        Exchange group = broker.deliver(request(requestBody(id, tokens(delivered, gone))));

        assertThat(broker.refused()).singleElement()
                .satisfies(refused -> assertThat(header(refused, "PushOutcome")).isEqualTo("TOKEN_DELETE"));
        assertThat(broker.took(Outlet.TOKEN_DELETE)).isEmpty();
        Exchange parked = single(broker.took(Outlet.RETRY));
        assertThat(header(parked, "PushMessageId")).isEqualTo(id);
        assertThat(header(parked, "PushRoutingKey")).isEqualTo("push.retry.1");
        assertThat(header(parked, "x-push-parked")).isEqualTo(1);
        assertThat(header(parked, "x-push-attempt")).as("parking uses up no attempt").isEqualTo(0);
        assertThat(tokensOf(parked)).isEqualTo(parse(tokens(gone)));
        assertThat(publishedLists()).as("the outcomes, then the parking").containsExactly(1, 1);
        assertThat(group.getException()).isNull();
        assertThat(requeued(group)).isEmpty();
    }

    @Test
    void aRequestWhoseParkingIsRefusedTooIsNamedInPushRequeueAndTheRestOfItsGroupIsSettled() {
        String refusedId = unique("requeued-");
        String otherId = unique("settled-");
        String otherGone = unique("error-NotRegistered-");
        broker.refuse(Outlet.TOKEN_DELETE, ofRequest(refusedId));
        broker.refuse(Outlet.RETRY, ofRequest(refusedId));
        Message refusedDelivery = request(requestBody(refusedId, tokens(unique("error-NotRegistered-"))));

        Exchange group = broker.deliver(refusedDelivery, request(requestBody(otherId, tokens(otherGone))));

        assertThat(requeued(group)).containsExactly(refusedDelivery);
        assertThat(broker.refused()).extracting(refused -> header(refused, "PushOutcome"))
                .containsExactlyInAnyOrder("TOKEN_DELETE", "RETRY");
        assertThat(broker.took(Outlet.TOKEN_DELETE)).singleElement()
                .satisfies(delete -> assertThat(json(delete).get("token").asText()).isEqualTo(otherGone));
        assertThat(broker.took(Outlet.RETRY)).isEmpty();
        assertThat(group.getException()).as("the group itself did not fail").isNull();
    }

    @Test
    void aRefusalThatIsNotTheBrokersDeadLettersTheRequestAsReceivedInsteadOfParkingIt() {
        String id = unique("endpoint-broken-");
        String original = requestBody(id, tokens(unique("ok-"), unique("error-NotRegistered-")));
        broker.refuse(Outlet.TOKEN_DELETE, ofRequest(id), () -> new IllegalStateException("nothing behind the endpoint"));

        Exchange group = broker.deliver(request(original));

        Exchange dead = single(broker.took(Outlet.DEAD_LETTER));
        assertThat(header(dead, "x-push-error")).isEqualTo("processing-error");
        assertThat((String) header(dead, "x-push-error-detail")).contains("java.lang.IllegalStateException");
        assertThat(dead.getMessage().getBody(byte[].class)).isEqualTo(original.getBytes(StandardCharsets.UTF_8));
        assertThat(broker.took(Outlet.RETRY)).as("not parked").isEmpty();
        assertThat(requeued(group)).isEmpty();
    }

    /** The size of the message list of each call of publish-outcomes, in call order. */
    private List<Integer> publishedLists() {
        return spy(PUBLISH_CALLS).getReceivedExchanges().stream()
                .map(call -> call.getMessage().getBody(List.class).size()).toList();
    }
}
