package io.pushgateway.routes;

import static io.pushgateway.routes.Deliveries.request;
import static io.pushgateway.routes.Deliveries.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.pushgateway.routes.BrokerStandIn.Outlet;
import java.util.List;
import org.apache.camel.Exchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every recipient shape of contract section 6 through consume-push-requests with the channel on: a request
 * for real-time recipients only reaches them once and sends nothing to FCM; one with a device target
 * reaches both. None is dead-lettered and the group is acked whole.
 */
class RecipientShapesRouteTest extends RouteTestSupport {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "groups only           | \"groups\":[\"g1\"]                     | group.g1",
            "web_users only        | \"web_users\":[\"bob\"]                 | user.bob",
            "web_users and groups  | \"web_users\":[\"bob\"],\"groups\":[\"g1\"] | user.bob group.g1"})
    void aRequestForRealtimeRecipientsOnlyReachesThemOnceAndSendsNothingToFcm(String shape, String recipients,
                                                                             String keys) {
        String id = unique("realtime-only-");

        Exchange group = broker.deliver(request("{\"title\":\"t\",\"message_id\":\"" + id + "\"," + recipients + "}"));

        assertThat(broker.took(Outlet.REALTIME)).extracting(message -> header(message, "PushRoutingKey"))
                .containsExactlyInAnyOrder((Object[]) keys.split(" "));
        assertThat(spy(FCM_SENDS).getReceivedCounter()).as("batches sent to FCM").isZero();
        assertThatNothingElseWasPublishedAndTheGroupIsAcked(group);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "groups and a token map    | \"groups\":[\"g1\"]                     | user.alice group.g1",
            "web_users and a token map | \"web_users\":[\"bob\"]                 | user.alice user.bob",
            "both and a token map      | \"web_users\":[\"bob\"],\"groups\":[\"g1\"] | user.alice user.bob group.g1"})
    void aRequestForRealtimeRecipientsAndADeviceReachesBoth(String shape, String recipients, String keys) {
        String id = unique("realtime-and-device-");
        String token = unique("ok-");

        Exchange group = broker.deliver(request("{\"title\":\"t\",\"message_id\":\"" + id + "\","
                + "\"registration_tokens\":{\"alice\":\"" + token + "\"}," + recipients + "}"));

        assertThat(broker.took(Outlet.REALTIME)).extracting(message -> header(message, "PushRoutingKey"))
                .containsExactlyInAnyOrder((Object[]) keys.split(" "));
        assertThat(spy(FCM_SENDS).getReceivedCounter()).as("batches sent to FCM").isEqualTo(1);
        assertThatNothingElseWasPublishedAndTheGroupIsAcked(group);
    }

    @org.junit.jupiter.api.Test
    void aRealtimeOnlyRequestSharesItsGroupWithADeviceRequestAndNeitherDisturbsTheOther() {
        String gone = unique("error-NotRegistered-");

        Exchange group = broker.deliver(request("{\"title\":\"t\",\"groups\":[\"g1\"]}"),
                request("{\"title\":\"t\",\"registration_tokens\":{\"alice\":\"" + gone + "\"}}"));

        assertThat(broker.took(Outlet.REALTIME)).extracting(message -> header(message, "PushRoutingKey"))
                .containsExactlyInAnyOrder("group.g1", "user.alice");
        assertThat(broker.took(Outlet.TOKEN_DELETE)).singleElement()
                .satisfies(delete -> assertThat(json(delete).get("token").asText()).isEqualTo(gone));
        assertThat(broker.took(Outlet.DEAD_LETTER)).isEmpty();
        assertThat(group.getException()).isNull();
        assertThat(requeued(group)).isEmpty();
    }

    private void assertThatNothingElseWasPublishedAndTheGroupIsAcked(Exchange group) {
        for (Outlet outlet : List.of(Outlet.TOKEN_UPDATE, Outlet.TOKEN_DELETE, Outlet.RETRY, Outlet.DEAD_LETTER)) {
            assertThat(broker.took(outlet)).as("messages at %s", outlet).isEmpty();
        }
        assertThat(group.getException()).isNull();
        assertThat(requeued(group)).isEmpty();
    }
}
