package io.pushgateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** v1 {@code validate_only} and legacy {@code dry_run}: judged like sends, counted as validations. */
class DryRunTest {

    private static final String PROJECT = "dry-project";
    private static final String LEGACY_AUTH = "key=" + EmulatorSettings.DEFAULT_LEGACY_API_KEY;

    @RegisterExtension
    static final RunningEmulator fcm = RunningEmulator.serving(PROJECT);

    private static final EmulatorHttp http = new EmulatorHttp();

    @BeforeEach
    void startCountingAfresh() {
        fcm.emulator().resetStats();
    }

    @Test
    void answersAValidationWithTheFakeMessageNameAndCountsNoDelivery() {
        String token = unique("dry");

        HttpResponse<String> response = sendV1("{\"message\":{\"token\":\"" + token + "\"},\"validate_only\":true}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(EmulatorHttp.json(response).get("name").asText()).isEqualTo("projects/dry-project/messages/fake_message_id");
        assertThat(fcm.emulator().stats().deliveries(token)).isZero();
        assertThat(fcm.emulator().stats().totalDeliveries()).isZero();
        assertThat(fcm.emulator().stats().validations(token)).isEqualTo(1);
        assertThat(fcm.emulator().stats().totalValidations()).isEqualTo(1);
        assertThat(fcm.emulator().stats().attempts(token)).isEqualTo(1);
    }

    @Test
    void countsARealSendAsADeliveryAndNotAsAValidation() {
        String token = unique("real");

        sendV1("{\"message\":{\"token\":\"" + token + "\"},\"validate_only\":false}");

        assertThat(fcm.emulator().stats().deliveries(token)).isEqualTo(1);
        assertThat(fcm.emulator().stats().validations(token)).isZero();
    }

    @Test
    void stillAnswersADeadTokenUnregisteredOnADryRun() {
        String token = TokenRules.errorToken("UNREGISTERED", unique("dead"));

        HttpResponse<String> response = sendV1("{\"message\":{\"token\":\"" + token + "\"},\"validateOnly\":true}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(EmulatorHttp.json(response).at("/error/details/0/errorCode").asText()).isEqualTo("UNREGISTERED");
        assertThat(fcm.emulator().stats().validations(token)).isZero();
    }

    @Test
    void stillRefusesAnUnknownBlockFieldOnADryRun() {
        HttpResponse<String> response = sendV1("{\"message\":{\"token\":\"" + unique("t")
                + "\",\"apns\":{\"oops\":1}},\"validate_only\":true}");

        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void validatesTopicsAndConditionsToo() {
        String topic = unique("topic");

        HttpResponse<String> response = sendV1("{\"message\":{\"topic\":\"" + topic + "\"},\"validate_only\":true}");

        assertThat(EmulatorHttp.json(response).get("name").asText()).endsWith("/messages/fake_message_id");
        assertThat(fcm.emulator().stats().validations(topic)).isEqualTo(1);
        assertThat(fcm.emulator().stats().deliveries(topic)).isZero();
    }

    @Test
    void letsAFlakyTokenPassADryRunWithoutUsingUpItsFailures() {
        String token = TokenRules.flakyToken(1, unique("flaky"));

        HttpResponse<String> dryRun = sendV1("{\"message\":{\"token\":\"" + token + "\"},\"validate_only\":true}");
        HttpResponse<String> firstRealSend = sendV1("{\"message\":{\"token\":\"" + token + "\"}}");
        HttpResponse<String> secondRealSend = sendV1("{\"message\":{\"token\":\"" + token + "\"}}");

        assertThat(dryRun.statusCode()).isEqualTo(200);
        assertThat(firstRealSend.statusCode()).isEqualTo(503);
        assertThat(secondRealSend.statusCode()).isEqualTo(200);
    }

    @Test
    void refusesANonBooleanValidateOnly() {
        HttpResponse<String> response = sendV1("{\"message\":{\"token\":\"" + unique("t") + "\"},\"validate_only\":\"yes\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(EmulatorHttp.json(response).at("/error/details/0/fieldViolations/0/field").asText()).isEqualTo("validate_only");
    }

    @Test
    void answersLegacyDryRunsWithFakeMessageIdsAndCountsValidations() {
        String good = unique("good");
        String dead = TokenRules.errorToken("NotRegistered", unique("dead"));

        HttpResponse<String> response = sendLegacy("{\"registration_ids\":[\"" + good + "\",\"" + dead + "\"],\"dry_run\":true}");

        JsonNode body = EmulatorHttp.json(response);
        assertThat(body.get("success").asInt()).isEqualTo(1);
        assertThat(body.at("/results/0/message_id").asText()).isEqualTo("fake_message_id");
        assertThat(body.at("/results/1/error").asText()).isEqualTo("NotRegistered");
        assertThat(fcm.emulator().stats().validations(good)).isEqualTo(1);
        assertThat(fcm.emulator().stats().deliveries(good)).isZero();
        assertThat(fcm.emulator().stats().validations(dead)).isZero();
    }

    @Test
    void answersALegacyTopicDryRunWithTheFakeMessageId() {
        String topic = unique("legacy-topic");

        HttpResponse<String> response = sendLegacy("{\"to\":\"/topics/" + topic + "\",\"dry_run\":true}");

        assertThat(EmulatorHttp.json(response)).isEqualTo(EmulatorHttp.parse("{\"message_id\":\"fake_message_id\"}"));
        assertThat(fcm.emulator().stats().validations(topic)).isEqualTo(1);
        assertThat(fcm.emulator().stats().deliveries(topic)).isZero();
    }

    @Test
    void refusesANonBooleanLegacyDryRun() {
        assertThat(sendLegacy("{\"to\":\"" + unique("t") + "\",\"dry_run\":\"true\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void reportsValidationsOnTheStatsEndpoint() {
        String token = unique("shown");
        sendV1("{\"message\":{\"token\":\"" + token + "\"},\"validate_only\":true}");

        JsonNode stats = EmulatorHttp.json(http.get(fcm.baseUrl() + "/emulator/stats"));

        assertThat(stats.get("totalValidations").asLong()).isEqualTo(1);
        assertThat(stats.get("validations")).isEqualTo(EmulatorHttp.parse("{\"" + token + "\":1}"));
        assertThat(stats.get("deliveries").size()).isZero();
    }

    private static HttpResponse<String> sendV1(String body) {
        return http.post(fcm.emulator().v1SendUrl(PROJECT), body, "Authorization", "Bearer " + fcm.bearer());
    }

    private static HttpResponse<String> sendLegacy(String body) {
        return http.post(fcm.emulator().legacySendUrl(), body, "Authorization", LEGACY_AUTH);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }
}
