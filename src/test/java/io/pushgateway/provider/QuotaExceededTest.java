package io.pushgateway.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushgateway.config.QuotaLimit;
import io.pushgateway.core.Outcome;
import io.pushgateway.core.RequestContext;
import io.pushgateway.core.RequestGroup;
import io.pushgateway.core.TokenResult;
import io.pushgateway.intake.BodyDigest;
import io.pushgateway.intake.IntakeLimits;
import io.pushgateway.intake.PushRequestReader;
import io.pushgateway.provider.http.HttpReply;
import io.pushgateway.testsupport.MovableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

/**
 * A 429 (QUOTA_EXCEEDED) from FCM: its tokens still go to the retry levels, and the project's
 * share on this gateway is halved for the longest Retry-After of the batch.
 */
class QuotaExceededTest {

    private static final byte[] QUOTA_EXCEEDED = ("{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\","
            + "\"details\":[{\"@type\":\"type.googleapis.com/google.firebase.fcm.v1.FcmError\","
            + "\"errorCode\":\"QUOTA_EXCEEDED\"}]}}").getBytes(StandardCharsets.UTF_8);
    private final MovableClock clock = new MovableClock();
    private final ProjectQuota quota = new ProjectQuota("default", new QuotaLimit(3000, QuotaLimit.Scope.SHARED),
            new TokenRateLimiter(3000, nanos -> { }), clock);
    private final FcmProject project = new FcmProject("default", "http://127.0.0.1:1/send", new Authorizer() {
        @Override
        public String authorization() {
            return "Bearer test";
        }

        @Override
        public void refresh() {
        }
    }, quota);
    private final V1Sender sender = new V1Sender(new FcmSender.Settings(null, null,
            new ResultClassifier(new ErrorOutcomeTable(), new ObjectMapper()), 500, 1000, clock, null, null,
            Duration.ofSeconds(1)));

    @Test
    void aBatchWithA429HalvesTheProjectsShareAndSendsItsTokenToTheRetryLevels() {
        quota.liveGateways(3);
        SendBatch batch = batchOf(3);

        BatchResults results = sender.classify(new BatchAnswers(batch, new Object[] {
                new HttpReply(429, QUOTA_EXCEEDED, "30"), new HttpReply(200, new byte[0], null),
                new HttpReply(200, new byte[0], null)}));

        TokenResult refused = results.of(0).notDelivered().get(0);
        assertThat(refused.outcome()).isEqualTo(Outcome.RETRY);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(quota.isSlowedDown()).isTrue();
        assertThat(quota.tokensPerSecond()).isCloseTo(500, within(0.001));
    }

    @Test
    void aBatchThatFailsWholeWith429sSlowsTheShareToo() {
        SendBatch batch = batchOf(2);

        assertThatThrownBy(() -> sender.classify(new BatchAnswers(batch, new Object[] {
                new HttpReply(429, QUOTA_EXCEEDED, "5"), new HttpReply(429, QUOTA_EXCEEDED, "20")})))
                .isInstanceOf(FcmBatchFailedException.class);

        assertThat(quota.tokensPerSecond()).isCloseTo(1500, within(0.001));
        // For the longest Retry-After of the batch: still slowed 19 s on, whole again at 20 s.
        clock.advance(Duration.ofSeconds(19));
        quota.liveGateways(1);
        assertThat(quota.tokensPerSecond()).isCloseTo(1500, within(0.001));
        clock.advance(Duration.ofSeconds(1));
        quota.liveGateways(1);
        assertThat(quota.tokensPerSecond()).isCloseTo(3000, within(0.001));
    }

    @Test
    void otherTransientFailuresLeaveTheShareAlone() {
        SendBatch batch = batchOf(2);

        sender.classify(new BatchAnswers(batch, new Object[] {
                new HttpReply(503, new byte[0], "1"), new HttpReply(200, new byte[0], null)}));

        assertThat(quota.isSlowedDown()).isFalse();
        assertThat(quota.tokensPerSecond()).isCloseTo(3000, within(0.001));
    }

    private SendBatch batchOf(int tokens) {
        StringBuilder targets = new StringBuilder();
        for (int i = 0; i < tokens; i++) {
            targets.append(i == 0 ? "" : ",").append("\"tok-").append(i).append('"');
        }
        byte[] body = ("{\"title\":\"t\",\"registration_tokens\":[" + targets + "]}").getBytes(StandardCharsets.UTF_8);
        var reader = PushRequestReader.of(new IntakeLimits(4096, 100_000, 1 << 22), BodyDigest::messageId, false, false);
        var member = RequestGroup.Member.read(new Message(body, new MessageProperties()),
                new RequestContext(reader.read(body, null), 0, Instant.EPOCH, null, null), false);
        return new SendBatches(SendBatches.Shape.v1(500), request -> project).of(new RequestGroup(List.of(member))).next();
    }
}
