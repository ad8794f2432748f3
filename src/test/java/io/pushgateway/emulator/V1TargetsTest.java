package io.pushgateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class V1TargetsTest {

    private static final String PROJECT = "targets-project";

    @RegisterExtension
    static final RunningEmulator fcm = RunningEmulator.serving(PROJECT);

    private static final EmulatorHttp http = new EmulatorHttp();

    @BeforeEach
    void startCountingAfresh() {
        fcm.emulator().resetStats();
    }

    @Test
    void deliversToAnInstallationIdAndCountsItAsAnFid() {
        String fid = unique("fid");

        HttpResponse<String> response = send(message("fid", fid));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(EmulatorHttp.json(response).get("name").asText()).startsWith("projects/targets-project/messages/0:");
        assertThat(fcm.emulator().stats().deliveries(fid)).isEqualTo(1);
        assertThat(fcm.emulator().stats().kindOf(fid)).contains(TargetKind.FID);
        assertThat(fcm.emulator().stats().deliveriesByKind()).isEqualTo(Map.of(TargetKind.FID, 1L));
    }

    @Test
    void answersAnErrorInstallationIdLikeTheSameToken() {
        HttpResponse<String> response = send(message("fid", TokenRules.errorToken("UNREGISTERED", unique("x"))));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(EmulatorHttp.json(response).at("/error/details/0/errorCode").asText()).isEqualTo("UNREGISTERED");
    }

    @Test
    void namesMessageFidWhenAnInstallationIdIsInvalid() {
        HttpResponse<String> response = send(message("fid", TokenRules.errorToken("INVALID_ARGUMENT", unique("x"))));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = EmulatorHttp.json(response).get("error");
        assertThat(error.get("status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(error.get("details").findValues("field")).extracting(JsonNode::asText).containsExactly("message.fid");
        assertThat(error.get("details").findValues("errorCode")).extracting(JsonNode::asText).containsExactly("INVALID_ARGUMENT");
    }

    @Test
    void namesMessageFidForAnEmptyInstallationId() {
        HttpResponse<String> response = send(message("fid", ""));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(EmulatorHttp.json(response).at("/error/details/1/fieldViolations/0/field").asText()).isEqualTo("message.fid");
    }

    @Test
    void failsAFlakyInstallationIdFirstThenDelivers() {
        String fid = TokenRules.flakyToken(1, unique("fid"));

        assertThat(send(message("fid", fid)).statusCode()).isEqualTo(503);
        assertThat(send(message("fid", fid)).statusCode()).isEqualTo(200);
    }

    @Test
    void deliversToATopicAndCountsTheDeliveryUnderItsName() {
        String topic = unique("news");

        HttpResponse<String> response = send(message("topic", topic));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(fcm.emulator().stats().deliveries(topic)).isEqualTo(1);
        assertThat(fcm.emulator().stats().kindOf(topic)).contains(TargetKind.TOPIC);
    }

    @ParameterizedTest(name = "topic \"{0}\" is refused")
    @ValueSource(strings = {"/topics/news", "a b", "news!", ""})
    void refusesAnInvalidTopicNameNamingMessageTopic(String topic) {
        HttpResponse<String> response = send(message("topic", topic));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = EmulatorHttp.json(response).get("error");
        assertThat(error.get("status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(error.get("details").findValues("field")).extracting(JsonNode::asText).containsExactly("message.topic");
        assertThat(fcm.emulator().stats().deliveries(topic)).isZero();
    }

    @Test
    void acceptsEveryCharacterFcmAllowsInATopicName() {
        assertThat(send(message("topic", "aZ09-_.~%" + UUID.randomUUID())).statusCode()).isEqualTo(200);
    }

    @Test
    void answersAnErrorTopicWithItsError() {
        String topic = TokenRules.errorTopic("UNREGISTERED", unique("t"));

        HttpResponse<String> response = send(message("topic", topic));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(fcm.emulator().stats().attempts(topic)).isEqualTo(1);
        assertThat(fcm.emulator().stats().deliveries(topic)).isZero();
    }

    @Test
    void namesMessageTopicForAnInvalidArgumentTopic() {
        HttpResponse<String> response = send(message("topic", TokenRules.errorTopic("INVALID_ARGUMENT", unique("t"))));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(EmulatorHttp.json(response).at("/error/details").findValues("field")).extracting(JsonNode::asText)
                .containsExactly("message.topic");
    }

    @Test
    void deliversToAConditionOfFiveTopics() {
        String condition = "'a' in topics && ('b' in topics || \"c\" in topics) && !('d' in topics) || 'e' in topics";

        HttpResponse<String> response = send(message("condition", condition));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(fcm.emulator().stats().deliveries(condition)).isEqualTo(1);
        assertThat(fcm.emulator().stats().kindOf(condition)).contains(TargetKind.CONDITION);
    }

    @Test
    void refusesAConditionOfSixTopics() {
        String condition = "'a' in topics || 'b' in topics || 'c' in topics || 'd' in topics || 'e' in topics || 'f' in topics";

        HttpResponse<String> response = send(message("condition", condition));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(EmulatorHttp.json(response).at("/error/status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(EmulatorHttp.json(response).at("/error/details").findValues("field")).extracting(JsonNode::asText)
                .containsExactly("message.condition");
    }

    @Test
    void refusesAnEmptyCondition() {
        assertThat(send(message("condition", " ")).statusCode()).isEqualTo(400);
    }

    @Test
    void answersAConditionNamingAnErrorTopicWithThatError() {
        String condition = "'fine' in topics && '" + TokenRules.errorTopic("SENDER_ID_MISMATCH", "c") + "' in topics";

        assertThat(send(message("condition", condition)).statusCode()).isEqualTo(403);
    }

    @Test
    void refusesAnInstallationIdTogetherWithAToken() {
        HttpResponse<String> response = send("{\"message\":{\"token\":\"" + unique("t") + "\",\"fid\":\"" + unique("f") + "\"}}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(EmulatorHttp.json(response).at("/error/status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(EmulatorHttp.json(response).at("/error/message").asText())
                .isEqualTo("Invalid JSON payload received. Oneof field 'target' is already set. Cannot set 'fid'");
    }

    @Test
    void refusesATopicTogetherWithACondition() {
        HttpResponse<String> response = send("{\"message\":{\"topic\":\"a\",\"condition\":\"'b' in topics\"}}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(EmulatorHttp.json(response).at("/error/message").asText()).contains("Oneof field 'target'");
    }

    @Test
    void refusesANonStringInstallationId() {
        HttpResponse<String> response = send("{\"message\":{\"fid\":42}}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(EmulatorHttp.json(response).at("/error/details/0/fieldViolations/0/field").asText()).isEqualTo("message.fid");
    }

    @Test
    void appliesTheSmallerTopicPayloadLimitToTopicsButNotToTokens() {
        String data = "{\"k\":\"" + "a".repeat(3000) + "\"}";

        HttpResponse<String> toTopic = send("{\"message\":{\"topic\":\"big\",\"data\":" + data + "}}");
        HttpResponse<String> toToken = send("{\"message\":{\"token\":\"" + unique("t") + "\",\"data\":" + data + "}}");

        assertThat(toTopic.statusCode()).isEqualTo(400);
        assertThat(EmulatorHttp.json(toTopic).at("/error/message").asText()).isEqualTo("Message is too big");
        assertThat(toToken.statusCode()).isEqualTo(200);
    }

    private static String message(String targetField, String target) {
        return "{\"message\":{\"" + targetField + "\":" + EmulatorHttp.JSON.valueToTree(target)
                + ",\"notification\":{\"title\":\"Hi\"}}}";
    }

    private static HttpResponse<String> send(String body) {
        return http.post(fcm.emulator().v1SendUrl(PROJECT), body, "Authorization", "Bearer " + fcm.bearer());
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }
}
