package io.pushgateway.routes;

import static io.pushgateway.routes.Deliveries.fromRetryLevel;
import static io.pushgateway.routes.Deliveries.request;
import static io.pushgateway.routes.Deliveries.requestBody;
import static io.pushgateway.routes.Deliveries.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.pushgateway.routes.BrokerStandIn.Outlet;
import io.pushgateway.routes.StepFaults.Point;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * deliver-realtime.camel.yaml, called by the intake when push.realtime.enabled is true (here it is): one
 * message per recipient on a request's first delivery, none for a request back from a retry level; a
 * refused publish and a failure to plan the messages are caught and counted, and the FCM path of the same
 * group goes on unchanged. (With the channel off the intake never calls the route; that takes a context
 * of its own, so it is left to RealtimeChannelOffEndToEndTest.)
 */
class DeliverRealtimeRouteTest extends RouteTestSupport {

    @Autowired
    private MeterRegistry meters;

    private double publishedBefore;
    private double failedBefore;

    @BeforeEach
    void countersBefore() {
        publishedBefore = count("push.realtime.published");
        failedBefore = count("push.realtime.failed");
    }

    @Test
    void aRequestOnItsFirstDeliveryReachesEachRecipientOnItsOwnRoutingKey() {
        String id = unique("realtime-");

        Exchange group = broker.deliver(request(requestBody(id, "{\"alice\":\"" + unique("ok-") + "\"}",
                "\"web_users\":[\"bob\"]", "\"groups\":[\"g1\"]")));

        assertThat(broker.took(Outlet.REALTIME)).extracting(message -> header(message, "PushRoutingKey"))
                .containsExactlyInAnyOrder("user.alice", "user.bob", "group.g1");
        assertThat(broker.took(Outlet.REALTIME)).allSatisfy(message -> {
            assertThat(header(message, "PushMessageId")).isEqualTo(id);
            assertThat(json(message).get("message_id").asText()).isEqualTo(id);
            assertThat(json(message).get("title").asText()).isEqualTo("route test");
        });
        assertThat(count("push.realtime.published") - publishedBefore).isEqualTo(3);
        assertThat(count("push.realtime.failed") - failedBefore).isZero();
        assertThat(group.getException()).isNull();
    }

    @Test
    void aRequestBackFromARetryLevelPublishesNoRealtimeMessageButIsSentAsUsual() {
        String gone = unique("error-NotRegistered-");

        broker.deliver(fromRetryLevel(requestBody(unique("retried-"), "{\"alice\":\"" + gone + "\"}",
                "\"web_users\":[\"bob\"]"), 1, 1, Instant.now().minusSeconds(2)));

        assertThat(broker.took(Outlet.REALTIME)).isEmpty();
        assertThat(json(single(broker.took(Outlet.TOKEN_DELETE))).get("token").asText()).isEqualTo(gone);
    }

    @Test
    void refusedRealtimePublishesAreEachCountedAndTheFcmPathOfTheGroupGoesOnUnchanged() {
        String id = unique("realtime-refused-");
        String gone = unique("error-NotRegistered-");
        broker.refuse(Outlet.REALTIME, message -> !"user.alice".equals(header(message, "PushRoutingKey")));

        Exchange group = broker.deliver(request(requestBody(id, "{\"alice\":\"" + unique("ok-") + "\",\"bob\":\""
                + gone + "\"}", "\"groups\":[\"g1\"]")));

        assertThat(broker.took(Outlet.REALTIME)).extracting(message -> header(message, "PushRoutingKey"))
                .containsExactly("user.alice");
        assertThat(broker.refused()).extracting(message -> header(message, "PushRoutingKey"))
                .containsExactlyInAnyOrder("user.bob", "group.g1");
        assertThat(count("push.realtime.failed") - failedBefore).isEqualTo(2);
        assertThat(count("push.realtime.published") - publishedBefore).isEqualTo(1);
        assertThatTheFcmPathWentOn(group, id, gone);
    }

    @Test
    void aFailureToPlanTheRealtimeMessagesIsCaughtAndCountedAndTheFcmPathGoesOn() {
        String id = unique("realtime-unplanned-");
        String gone = unique("error-NotRegistered-");
        faults.failAt(Point.REALTIME_PLAN, new IllegalStateException("planning failed (stand-in)"));

        Exchange group = broker.deliver(request(requestBody(id, "{\"bob\":\"" + gone + "\"}")));

        assertThat(broker.took(Outlet.REALTIME)).isEmpty();
        assertThat(count("push.realtime.failed") - failedBefore).isEqualTo(1);
        assertThatTheFcmPathWentOn(group, id, gone);
    }

    private void assertThatTheFcmPathWentOn(Exchange group, String id, String gone) {
        assertThat(single(broker.took(Outlet.TOKEN_DELETE))).satisfies(delete -> {
            assertThat(header(delete, "PushMessageId")).isEqualTo(id);
            assertThat(json(delete).get("token").asText()).isEqualTo(gone);
            assertThat(json(delete).get("user").asText()).isEqualTo("bob");
        });
        assertThat(broker.took(Outlet.RETRY)).isEmpty();
        assertThat(broker.took(Outlet.DEAD_LETTER)).isEmpty();
        assertThat(group.getException()).isNull();
        assertThat(requeued(group)).isEmpty();
    }

    private double count(String counter) {
        return meters.get(counter).counter().count();
    }
}
