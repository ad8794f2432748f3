package io.pushgateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LegacyTopicSendTest {

    private static final String LEGACY_AUTH = "key=" + EmulatorSettings.DEFAULT_LEGACY_API_KEY;

    @RegisterExtension
    static final RunningEmulator fcm = RunningEmulator.withDefaults();

    private static final EmulatorHttp http = new EmulatorHttp();

    @BeforeEach
    void startCountingAfresh() {
        fcm.emulator().resetStats();
    }

    @Test
    void answersATopicSendWithATopLevelMessageIdAndCountsTheTopicAsDelivered() {
        String topic = unique("news");

        HttpResponse<String> response = send("{\"to\":\"/topics/" + topic + "\",\"data\":{\"k\":\"v\"}}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = EmulatorHttp.json(response);
        assertThat(body.fieldNames()).toIterable().containsExactly("message_id");
        assertThat(body.get("message_id").isIntegralNumber()).isTrue();
        assertThat(fcm.emulator().stats().deliveries(topic)).isEqualTo(1);
        assertThat(fcm.emulator().stats().kindOf(topic)).contains(TargetKind.TOPIC);
    }

    @Test
    void answersAnErrorTopicWithItsLegacyError() {
        String topic = TokenRules.errorTopic("TopicsMessageRateExceeded", unique("t"));

        HttpResponse<String> response = send("{\"to\":\"/topics/" + topic + "\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(EmulatorHttp.json(response)).isEqualTo(EmulatorHttp.parse("{\"error\":\"TopicsMessageRateExceeded\"}"));
        assertThat(fcm.emulator().stats().attempts(topic)).isEqualTo(1);
        assertThat(fcm.emulator().stats().deliveries(topic)).isZero();
    }

    @Test
    void translatesAV1CodeOfAnErrorTopicToItsLegacyName() {
        HttpResponse<String> response = send("{\"to\":\"/topics/" + TokenRules.errorTopic("UNAVAILABLE", "x") + "\"}");

        assertThat(EmulatorHttp.json(response).get("error").asText()).isEqualTo("Unavailable");
    }

    @Test
    void answersAnInvalidTopicNameWithInvalidParameters() {
        HttpResponse<String> response = send("{\"to\":\"/topics/not valid!\"}");

        assertThat(EmulatorHttp.json(response)).isEqualTo(EmulatorHttp.parse("{\"error\":\"InvalidParameters\"}"));
    }

    @Test
    void answersAConditionSendWithAMessageId() {
        String condition = "'a' in topics && 'b' in topics";

        HttpResponse<String> response = send("{\"condition\":\"" + condition + "\"}");

        assertThat(EmulatorHttp.json(response).get("message_id").isIntegralNumber()).isTrue();
        assertThat(fcm.emulator().stats().deliveries(condition)).isEqualTo(1);
        assertThat(fcm.emulator().stats().kindOf(condition)).contains(TargetKind.CONDITION);
    }

    @Test
    void answersAConditionOfSixTopicsWithInvalidParameters() {
        HttpResponse<String> response = send("{\"condition\":\"'a' in topics || 'b' in topics || 'c' in topics"
                + " || 'd' in topics || 'e' in topics || 'f' in topics\"}");

        assertThat(EmulatorHttp.json(response).get("error").asText()).isEqualTo("InvalidParameters");
    }

    @Test
    void answersAConditionNamingAnErrorTopicWithThatError() {
        HttpResponse<String> response = send("{\"condition\":\"'ok' in topics && '"
                + TokenRules.errorTopic("NotRegistered", "c") + "' in topics\"}");

        assertThat(EmulatorHttp.json(response).get("error").asText()).isEqualTo("NotRegistered");
    }

    @Test
    void refusesAConditionTogetherWithTo() {
        HttpResponse<String> response = send("{\"to\":\"device\",\"condition\":\"'a' in topics\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("condition");
    }

    @Test
    void answersAnOversizedTopicMessageWithMessageTooBig() {
        HttpResponse<String> response = send("{\"to\":\"/topics/big\",\"data\":{\"k\":\"" + "a".repeat(2100) + "\"}}");

        assertThat(EmulatorHttp.json(response).get("error").asText()).isEqualTo("MessageTooBig");
    }

    private static HttpResponse<String> send(String body) {
        return http.post(fcm.emulator().legacySendUrl(), body, "Authorization", LEGACY_AUTH);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }
}
