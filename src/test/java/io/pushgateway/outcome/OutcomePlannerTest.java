package io.pushgateway.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pushgateway.core.DeviceToken;
import io.pushgateway.core.OutboundMessage;
import io.pushgateway.core.Outcome;
import io.pushgateway.core.PlatformBlocks;
import io.pushgateway.core.PushRequest;
import io.pushgateway.core.RequestContext;
import io.pushgateway.core.TargetKind;
import io.pushgateway.core.TokenResult;
import io.pushgateway.deadletter.DeadLetters;
import io.pushgateway.feedback.FeedbackEvents;
import io.pushgateway.retry.RetryPlanner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutcomePlannerTest {

    private static final Instant FIRST_SEEN = Instant.parse("2026-11-23T10:00:00Z");
    private final ObjectMapper json = new ObjectMapper();
    private final DeviceToken a = new DeviceToken("user-a", "tok-a");
    private final DeviceToken b = new DeviceToken("user-b", "tok-b");
    private final DeviceToken c = new DeviceToken("user-c", "tok-c");

    private OutcomePlanner plannerAt(Instant now) {
        var retry = new RetryPlanner(List.of(Duration.ofSeconds(1), Duration.ofSeconds(5)));
        return new OutcomePlanner(new FeedbackEvents(json), new DeadLetters(json), retry,
                new RetryRequests(level -> "push.retry." + level, json), Clock.fixed(now, ZoneOffset.UTC));
    }

    private RequestContext context(int attempt, Integer ttl) {
        ObjectNode original = json.createObjectNode().put("title", "t").put("extra", "kept");
        original.putObject("registration_tokens").put("user-a", "tok-a").put("user-b", "tok-b").put("user-c", "tok-c");
        var request = new PushRequest("m-1", "CODE", "t", null, null, null, Map.of(), null, ttl, null,
                List.of(a, b, c), true, original);
        return new RequestContext(request, attempt, FIRST_SEEN, "push.request", "text/plain");
    }

    @Test
    void publishesNothingForDeliveredTokensAndOneEventPerUpdateOrDelete() throws Exception {
        var out = plannerAt(FIRST_SEEN).plan(context(0, null), List.of(
                TokenResult.delivered(a), TokenResult.updated(b, "tok-b2"),
                TokenResult.failed(c, Outcome.TOKEN_DELETE, "NotRegistered", Duration.ZERO)));

        assertThat(out).extracting(OutboundMessage::kind).containsExactly(Outcome.TOKEN_UPDATE, Outcome.TOKEN_DELETE);
        JsonNode update = json.readTree(out.get(0).body());
        assertThat(update.get("user").asText()).isEqualTo("user-b");
        assertThat(update.get("old_token").asText()).isEqualTo("tok-b");
        assertThat(update.get("new_token").asText()).isEqualTo("tok-b2");
        JsonNode delete = json.readTree(out.get(1).body());
        assertThat(delete.get("reason").asText()).isEqualTo("NotRegistered");
        assertThat(delete.get("message_id").asText()).isEqualTo("m-1");
        assertThat(delete.get("push_code").asText()).isEqualTo("CODE");
    }

    @Test
    void retriesOnlyTheFailedTokensInOneRequestOfTheSameFormWithTheNextAttempt() throws Exception {
        var out = plannerAt(FIRST_SEEN).plan(context(0, null), List.of(
                TokenResult.delivered(a),
                TokenResult.failed(b, Outcome.RETRY, "Unavailable", Duration.ZERO),
                TokenResult.failed(c, Outcome.RETRY, "Unavailable", Duration.ZERO)));

        assertThat(out).hasSize(1);
        OutboundMessage retry = out.get(0);
        assertThat(retry.routingKey()).isEqualTo("push.retry.1");
        assertThat(retry.headers()).containsEntry("x-push-attempt", 1)
                .containsEntry("x-push-first-received", FIRST_SEEN.toEpochMilli());
        assertThat(retry.type()).isEqualTo("push.request");
        JsonNode body = json.readTree(retry.body());
        assertThat(body.get("registration_tokens").properties()).extracting(Map.Entry::getKey)
                .containsExactly("user-b", "user-c");
        assertThat(body.get("extra").asText()).isEqualTo("kept");
    }

    @Test
    void honoursRetryAfterByPickingALongerLevelAndKeepsCircuitHeldTokensOnTheirAttemptUntilTheProbe() {
        var out = plannerAt(FIRST_SEEN).plan(context(0, null), List.of(
                TokenResult.failed(a, Outcome.RETRY, "QUOTA_EXCEEDED", Duration.ofSeconds(3)),
                TokenResult.notSent(b, "circuit-open", Duration.ofSeconds(5))));

        assertThat(out).extracting(OutboundMessage::routingKey).containsExactly("push.retry.2", "push.retry.2");
        assertThat(out).extracting(m -> m.headers().get("x-push-attempt")).containsExactly(1, 0);
    }

    @Test
    void deadLettersTokensPastTheLastLevelAsRetriesExhaustedWithTheLastError() {
        var out = plannerAt(FIRST_SEEN).plan(context(2, null), List.of(
                TokenResult.failed(a, Outcome.RETRY, "Unavailable", Duration.ZERO)));

        assertThat(out).hasSize(1);
        assertThat(out.get(0).kind()).isEqualTo(Outcome.DEAD_LETTER);
        assertThat(out.get(0).headers()).containsEntry("x-push-error", "retries-exhausted")
                .containsEntry("x-push-attempt", 2);
        assertThat((String) out.get(0).headers().get("x-push-error-detail")).contains("Unavailable");
    }

    @Test
    void groupsDeadLettersByFcmErrorWithTheFcmPrefix() throws Exception {
        var out = plannerAt(FIRST_SEEN).plan(context(0, null), List.of(
                TokenResult.failed(a, Outcome.DEAD_LETTER, "InvalidDataKey", Duration.ZERO),
                TokenResult.failed(b, Outcome.DEAD_LETTER, "InvalidDataKey", Duration.ZERO),
                TokenResult.failed(c, Outcome.DEAD_LETTER, "MessageTooBig", Duration.ZERO)));

        assertThat(out).extracting(m -> m.headers().get("x-push-error"))
                .containsExactly("fcm-InvalidDataKey", "fcm-MessageTooBig");
        assertThat(json.readTree(out.get(0).body()).get("registration_tokens").size()).isEqualTo(2);
        assertThat(out.get(0).messageId()).isEqualTo("m-1");
    }

    @Test
    void deadLettersRetriesAsExpiredOnceTtlSecondsHavePassedSinceFirstReceipt() {
        var late = plannerAt(FIRST_SEEN.plusSeconds(61)).plan(context(1, 60), List.of(
                TokenResult.failed(a, Outcome.RETRY, "Unavailable", Duration.ZERO)));
        var inTime = plannerAt(FIRST_SEEN.plusSeconds(59)).plan(context(1, 60), List.of(
                TokenResult.failed(a, Outcome.RETRY, "Unavailable", Duration.ZERO)));

        assertThat(late.get(0).headers()).containsEntry("x-push-error", "expired");
        assertThat(inTime.get(0).kind()).isEqualTo(Outcome.RETRY);
    }

    /** A request for installation ids (map form) of project "shop", optionally a dry run. */
    private RequestContext idContext(String project, boolean validateOnly) {
        ObjectNode original = json.createObjectNode().put("title", "t");
        original.putObject("installation_ids").put("user-a", "tok-a").put("user-b", "tok-b").put("user-c", "tok-c");
        if (project != null) {
            original.put("project", project);
        }
        var request = new PushRequest("m-1", "CODE", "t", null, null, null, Map.of(), null, null, null,
                List.of(a, b, c), true, original, TargetKind.FID, project, PlatformBlocks.NONE, validateOnly);
        return new RequestContext(request, 0, FIRST_SEEN, "push.request", "text/plain");
    }

    private RequestContext topicContext() {
        ObjectNode original = json.createObjectNode().put("title", "t").put("topic", "news");
        var request = new PushRequest("m-1", "CODE", "t", null, null, null, Map.of(), null, null, null,
                List.of(new DeviceToken(null, "news")), false, original, TargetKind.TOPIC, null, PlatformBlocks.NONE, false);
        return new RequestContext(request, 0, FIRST_SEEN, "push.request", "text/plain");
    }

    @Test
    void namesAnInstallationIdFidInItsDeleteEvent() throws Exception {
        var out = plannerAt(FIRST_SEEN).plan(idContext("shop", false), List.of(
                TokenResult.failed(b, Outcome.TOKEN_DELETE, "UNREGISTERED", Duration.ZERO)));

        JsonNode delete = json.readTree(out.get(0).body());
        assertThat(delete.properties()).extracting(Map.Entry::getKey)
                .containsExactly("message_id", "push_code", "user", "fid", "reason", "project");
        assertThat(delete.get("fid").asText()).isEqualTo("tok-b");
        assertThat(delete.get("user").asText()).isEqualTo("user-b");
        assertThat(delete.get("project").asText()).isEqualTo("shop");
    }

    @Test
    void givesEveryEventAProjectThatIsNullForTheDefaultProject() throws Exception {
        var out = plannerAt(FIRST_SEEN).plan(context(0, null), List.of(
                TokenResult.updated(a, "tok-a2"), TokenResult.failed(b, Outcome.TOKEN_DELETE, "NotRegistered", Duration.ZERO)));

        for (OutboundMessage event : out) {
            JsonNode body = json.readTree(event.body());
            assertThat(body.has("project")).isTrue();
            assertThat(body.get("project").isNull()).isTrue();
            assertThat(body.has("validate_only")).isFalse();
        }
        assertThat(json.readTree(out.get(1).body()).has("token")).isTrue();
    }

    @Test
    void marksTheEventsOfADryRunValidateOnly() throws Exception {
        var out = plannerAt(FIRST_SEEN).plan(idContext(null, true), List.of(
                TokenResult.failed(a, Outcome.TOKEN_DELETE, "UNREGISTERED", Duration.ZERO)));

        JsonNode delete = json.readTree(out.get(0).body());
        assertThat(delete.get("validate_only").booleanValue()).isTrue();
        assertThat(delete.get("project").isNull()).isTrue();
    }

    @Test
    void retriesAndDeadLettersInstallationIdsAsInstallationIdsInTheirForm() throws Exception {
        var out = plannerAt(FIRST_SEEN).plan(idContext("shop", false), List.of(
                TokenResult.failed(a, Outcome.RETRY, "UNAVAILABLE", Duration.ZERO),
                TokenResult.failed(b, Outcome.DEAD_LETTER, "INVALID_ARGUMENT", Duration.ZERO),
                TokenResult.delivered(c)));

        JsonNode retry = json.readTree(out.get(0).body());
        JsonNode dead = json.readTree(out.get(1).body());
        assertThat(retry.get("installation_ids")).isEqualTo(json.readTree("{\"user-a\":\"tok-a\"}"));
        assertThat(dead.get("installation_ids")).isEqualTo(json.readTree("{\"user-b\":\"tok-b\"}"));
        assertThat(retry.has("registration_tokens")).isFalse();
        assertThat(retry.get("project").asText()).isEqualTo("shop");
        assertThat((String) out.get(1).headers().get("x-push-error-detail")).isEqualTo("FCM answered INVALID_ARGUMENT for 1 installation id(s)");
    }

    @Test
    void deadLettersATopicSendWithItsTopic() throws Exception {
        var out = plannerAt(FIRST_SEEN).plan(topicContext(), List.of(
                TokenResult.failed(new DeviceToken(null, "news"), Outcome.DEAD_LETTER, "INVALID_ARGUMENT", Duration.ZERO)));

        assertThat(out).hasSize(1);
        assertThat(json.readTree(out.get(0).body()).get("topic").asText()).isEqualTo("news");
        assertThat(out.get(0).headers()).containsEntry("x-push-error", "fcm-INVALID_ARGUMENT")
                .containsEntry("x-push-error-detail", "FCM answered INVALID_ARGUMENT for 1 topic send(s)");
    }

    @Test
    void everyPlannedMessageNamesTheTargetsItSettlesSoAParkedRequestCanBeCutDownToThem() {
        var out = plannerAt(FIRST_SEEN).plan(context(0, null), List.of(
                TokenResult.failed(a, Outcome.TOKEN_DELETE, "NotRegistered", Duration.ZERO),
                TokenResult.failed(b, Outcome.RETRY, "Unavailable", Duration.ZERO),
                TokenResult.failed(c, Outcome.DEAD_LETTER, "InvalidDataKey", Duration.ZERO)));

        assertThat(out).extracting(OutboundMessage::kind)
                .containsExactly(Outcome.TOKEN_DELETE, Outcome.RETRY, Outcome.DEAD_LETTER);
        assertThat(out).extracting(OutboundMessage::targets).containsExactly(List.of(a), List.of(b), List.of(c));
    }
}
