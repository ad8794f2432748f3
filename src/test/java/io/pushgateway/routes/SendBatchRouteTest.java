package io.pushgateway.routes;

import static io.pushgateway.routes.Deliveries.fromRetryLevel;
import static io.pushgateway.routes.Deliveries.request;
import static io.pushgateway.routes.Deliveries.requestBody;
import static io.pushgateway.routes.Deliveries.tokens;
import static io.pushgateway.routes.Deliveries.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.pushgateway.routes.BrokerStandIn.Outlet;
import io.pushgateway.routes.StepFaults.Point;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

/**
 * send-batch.camel.yaml (route send-batch-default): a batch FCM answers is classified token by token and
 * counts as a successful call; an open circuit or a send that fails runs the fallback, whose results hold
 * the tokens back for a retry level instead of losing them.
 */
class SendBatchRouteTest extends RouteTestSupport {

    @Test
    void aBatchFcmAnswersIsClassifiedTokenByTokenAndCountsAsOneSuccessfulCall() {
        String gone = unique("error-NotRegistered-");

        Exchange group = broker.deliver(request(requestBody(unique("answered-"), tokens(unique("ok-"), gone))));

        assertThat(json(single(broker.took(Outlet.TOKEN_DELETE))).get("token").asText()).isEqualTo(gone);
        assertThat(broker.took(Outlet.RETRY)).isEmpty();
        assertThat(breaker().getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
        assertThat(breaker().getMetrics().getNumberOfFailedCalls()).isZero();
        assertThat(group.getException()).isNull();
    }

    @Test
    void whileTheCircuitIsOpenNothingIsSentAndEveryTokenWaitsOnTheFirstLevelKeepingItsAttempt() {
        String firstId = unique("first-");
        String firstOk = unique("ok-");
        String firstGone = unique("error-NotRegistered-");
        String retriedId = unique("retried-");
        String retriedToken = unique("ok-");
        breaker().transitionToForcedOpenState();

        Exchange group = broker.deliver(
                request(requestBody(firstId, tokens(firstOk, firstGone))),
                fromRetryLevel(requestBody(retriedId, tokens(retriedToken)), 2, 2, Instant.now().minusSeconds(6)));

        assertThat(spy(FCM_SENDS).getReceivedCounter()).as("batches that reached the send step").isZero();
        assertThat(broker.took(Outlet.TOKEN_DELETE)).as("no FCM answer, so no delete").isEmpty();
        Map<Object, Exchange> heldBack = byHeader(broker.took(Outlet.RETRY), "PushMessageId");
        assertThat(heldBack).containsOnlyKeys(firstId, retriedId);
        assertThat(heldBack.get(firstId)).satisfies(retry -> {
            assertThat(header(retry, "PushRoutingKey")).isEqualTo("push.retry.1");
            assertThat(header(retry, "x-push-attempt")).isEqualTo(0);
            assertThat(tokensOf(retry)).isEqualTo(parse(tokens(firstOk, firstGone)));
        });
        assertThat(heldBack.get(retriedId)).satisfies(retry -> {
            assertThat(header(retry, "PushRoutingKey")).isEqualTo("push.retry.1");
            assertThat(header(retry, "x-push-attempt")).isEqualTo(2);
            assertThat(tokensOf(retry)).isEqualTo(parse(tokens(retriedToken)));
        });
        assertThat(broker.took(Outlet.DEAD_LETTER)).isEmpty();
        assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.FORCED_OPEN);
        assertThat(group.getException()).isNull();
        assertThat(requeued(group)).isEmpty();
    }

    @Test
    void aBatchWhoseSendFailsRunsTheFallbackAndItsTokensUseUpAnAttemptOnTheNextLevel() {
        String id = unique("outage-");
        String ok = unique("ok-");
        String gone = unique("error-NotRegistered-");
        faults.failAt(Point.FCM_SEND, new UncheckedIOException(new ConnectException("Connection refused (stand-in)")));

        Exchange group = broker.deliver(request(requestBody(id, tokens(ok, gone))));

        assertThat(spy(FCM_SENDS).getReceivedCounter()).as("the batch reached the send step").isEqualTo(1);
        assertThat(broker.took(Outlet.TOKEN_DELETE)).as("FCM never answered").isEmpty();
        Exchange retry = single(broker.took(Outlet.RETRY));
        assertThat(header(retry, "PushMessageId")).isEqualTo(id);
        assertThat(header(retry, "PushRoutingKey")).isEqualTo("push.retry.1");
        assertThat(header(retry, "x-push-attempt")).isEqualTo(1);
        assertThat(tokensOf(retry)).isEqualTo(parse(tokens(ok, gone)));
        assertThat(breaker().getMetrics().getNumberOfFailedCalls()).as("the breaker saw the failure").isEqualTo(1);
        assertThat(group.getException()).isNull();
        assertThat(requeued(group)).isEmpty();
    }

    @Test
    void aRequestOnItsLastLevelWhoseSendFailsIsDeadLetteredAsRetriesExhausted() {
        String id = unique("last-level-");
        String token = unique("ok-");
        faults.failAt(Point.FCM_SEND, new UncheckedIOException(new ConnectException("Connection refused (stand-in)")));

        Exchange group = broker.deliver(
                fromRetryLevel(requestBody(id, tokens(token)), 3, 3, Instant.now().minus(Duration.ofSeconds(40))));

        Exchange dead = single(broker.took(Outlet.DEAD_LETTER));
        assertThat(header(dead, "PushMessageId")).isEqualTo(id);
        assertThat(header(dead, "x-push-error")).isEqualTo("retries-exhausted");
        assertThat(header(dead, "x-push-attempt")).isEqualTo(3);
        assertThat((String) header(dead, "x-push-error-detail")).contains("connection-refused");
        assertThat(tokensOf(dead)).isEqualTo(parse(tokens(token)));
        assertThat(broker.took(Outlet.RETRY)).isEmpty();
        assertThat(group.getException()).isNull();
    }
}
