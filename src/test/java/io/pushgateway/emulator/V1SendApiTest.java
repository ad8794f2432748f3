package io.pushgateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class V1SendApiTest {

    private static final String PROJECT = "demo-project";

    @RegisterExtension
    static final RunningEmulator fcm = RunningEmulator.serving(PROJECT);

    private static final EmulatorHttp http = new EmulatorHttp();

    @Test
    void deliversAnOrdinaryTokenWithAMessageNameInFcmFormat() {
        HttpResponse<String> response = sendToToken(unique("device"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(EmulatorHttp.header(response, "Content-Type")).isEqualTo("application/json; charset=UTF-8");
        assertThat(EmulatorHttp.json(response).get("name").asText())
                .matches("projects/demo-project/messages/0:\\d+%[0-9a-f]{16}");
    }

    @Test
    void givesEveryDeliveryItsOwnMessageName() {
        String first = EmulatorHttp.json(sendToToken(unique("device"))).get("name").asText();
        String second = EmulatorHttp.json(sendToToken(unique("device"))).get("name").asText();

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void deliversToTopicsAndConditions() {
        assertThat(send("{\"message\":{\"topic\":\"news\"}}").statusCode()).isEqualTo(200);
        assertThat(send("{\"message\":{\"condition\":\"'a' in topics && 'b' in topics\"}}").statusCode()).isEqualTo(200);
    }

    @Test
    void answersUnregisteredWith404AndFcmErrorDetail() {
        HttpResponse<String> response = sendToToken(TokenRules.errorToken("UNREGISTERED", unique("x")));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(EmulatorHttp.header(response, "Content-Type")).isEqualTo("application/json; charset=UTF-8");
        assertThat(EmulatorHttp.json(response)).isEqualTo(json("""
                {"error":{"code":404,"message":"Requested entity was not found.","status":"NOT_FOUND",
                  "details":[{"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"UNREGISTERED"}]}}
                """));
    }

    @ParameterizedTest(name = "error-{0} answers {1} {2} with errorCode {3}")
    @CsvSource({
            "UNREGISTERED, 404, NOT_FOUND, UNREGISTERED",
            "SENDER_ID_MISMATCH, 403, PERMISSION_DENIED, SENDER_ID_MISMATCH",
            "QUOTA_EXCEEDED, 429, RESOURCE_EXHAUSTED, QUOTA_EXCEEDED",
            "UNAVAILABLE, 503, UNAVAILABLE, UNAVAILABLE",
            "INTERNAL, 500, INTERNAL, INTERNAL",
            "THIRD_PARTY_AUTH_ERROR, 401, UNAUTHENTICATED, THIRD_PARTY_AUTH_ERROR",
            "UNSPECIFIED_ERROR, 500, UNKNOWN, UNSPECIFIED_ERROR",
            "INVALID_ARGUMENT, 400, INVALID_ARGUMENT, INVALID_ARGUMENT",
            "INVALID_PAYLOAD, 400, INVALID_ARGUMENT, INVALID_ARGUMENT",
            "SOMETHING_NEW, 500, UNKNOWN, SOMETHING_NEW",
            "APNS_AUTH_ERROR, 401, UNAUTHENTICATED, APNS_AUTH_ERROR",
            "NotRegistered, 404, NOT_FOUND, UNREGISTERED",
            "MismatchSenderId, 403, PERMISSION_DENIED, SENDER_ID_MISMATCH",
            "Unavailable, 503, UNAVAILABLE, UNAVAILABLE",
            "InternalServerError, 500, INTERNAL, INTERNAL",
            "DeviceMessageRateExceeded, 429, RESOURCE_EXHAUSTED, QUOTA_EXCEEDED",
            "TopicsMessageRateExceeded, 429, RESOURCE_EXHAUSTED, QUOTA_EXCEEDED",
            "InvalidRegistration, 400, INVALID_ARGUMENT, INVALID_ARGUMENT",
            "InvalidApnsCredential, 401, UNAUTHENTICATED, THIRD_PARTY_AUTH_ERROR",
            "InvalidParameters, 400, INVALID_ARGUMENT, INVALID_ARGUMENT",
            "InvalidTtl, 400, INVALID_ARGUMENT, INVALID_ARGUMENT",
    })
    void answersErrorTokensWithTheMatchingStatusAndFcmErrorCode(String code, int http, String status, String errorCode) {
        HttpResponse<String> response = sendToToken(TokenRules.errorToken(code, unique("x")));

        assertThat(response.statusCode()).isEqualTo(http);
        JsonNode error = EmulatorHttp.json(response).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(http);
        assertThat(error.get("status").asText()).isEqualTo(status);
        assertThat(error.get("details").get(0)).isEqualTo(json(
                "{\"@type\":\"type.googleapis.com/google.firebase.fcm.v1.FcmError\",\"errorCode\":\"" + errorCode + "\"}"));
    }

    @Test
    void asksQuotaExceededSendersToRetryAfterOneSecond() {
        HttpResponse<String> response = sendToToken(TokenRules.errorToken("QUOTA_EXCEEDED", unique("x")));

        assertThat(EmulatorHttp.header(response, "Retry-After")).isEqualTo("1");
    }

    @Test
    void blamesTheTokenForInvalidArgumentTokens() {
        HttpResponse<String> response = sendToToken(TokenRules.errorToken("INVALID_ARGUMENT", unique("x")));

        JsonNode error = EmulatorHttp.json(response).get("error");
        assertThat(error.get("message").asText()).isEqualTo("The registration token is not a valid FCM registration token");
        assertThat(error.get("details")).contains(json("""
                {"@type":"type.googleapis.com/google.rpc.BadRequest",
                 "fieldViolations":[{"field":"message.token","description":"Invalid registration token"}]}
                """));
    }

    @Test
    void blamesThePayloadNotTheTokenForInvalidPayloadTokens() {
        HttpResponse<String> response = sendToToken(TokenRules.errorToken("INVALID_PAYLOAD", unique("x")));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = EmulatorHttp.json(response).get("error");
        assertThat(error.get("status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(error.get("details").findValues("field")).extracting(JsonNode::asText).containsExactly("message.data");
        assertThat(error.toString()).doesNotContainIgnoringCase("token");
    }

    @Test
    void answersMessageTooBigTokensWithABareStatus() {
        HttpResponse<String> response = sendToToken(TokenRules.errorToken("MessageTooBig", unique("x")));

        assertThat(EmulatorHttp.json(response)).isEqualTo(
                json("{\"error\":{\"code\":400,\"message\":\"Message is too big\",\"status\":\"INVALID_ARGUMENT\"}}"));
    }

    @Test
    void answersCanonicalTokensWithPlainSuccess() {
        HttpResponse<String> response = sendToToken(TokenRules.canonicalToken(unique("x")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(EmulatorHttp.json(response).fieldNames()).toIterable().containsExactly("name");
    }

    @Test
    void answersFlakyTokensUnavailableForTheirFirstAttemptsThenDelivers() {
        String token = TokenRules.flakyToken(2, unique("x"));

        HttpResponse<String> first = sendToToken(token);
        HttpResponse<String> second = sendToToken(token);
        HttpResponse<String> third = sendToToken(token);

        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(EmulatorHttp.json(first).at("/error/details/0/errorCode").asText()).isEqualTo("UNAVAILABLE");
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(third.statusCode()).isEqualTo(200);
    }

    @Test
    void rejectsRequestsWithoutBearerTokenWith401WithoutDetailsAndAChallenge() {
        HttpResponse<String> response = http.post(fcm.emulator().v1SendUrl(PROJECT), tokenMessage(unique("d")),
                "Content-Type", "application/json");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(EmulatorHttp.json(response)).isEqualTo(json("""
                {"error":{"code":401,"message":"Request had invalid authentication credentials. Expected OAuth 2 access \
                token, login cookie or other valid authentication credential.","status":"UNAUTHENTICATED"}}
                """));
        assertThat(EmulatorHttp.header(response, "WWW-Authenticate"))
                .isEqualTo("Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"");
    }

    @Test
    void rejectsBearerTokensItNeverGranted() {
        HttpResponse<String> response = http.post(fcm.emulator().v1SendUrl(PROJECT), tokenMessage(unique("d")),
                "Authorization", "Bearer ya29.emulator-made-up", "Content-Type", "application/json");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(EmulatorHttp.json(response).get("error").has("details")).isFalse();
    }

    @Test
    void rejectsTheLegacyServerKeyOnV1() {
        HttpResponse<String> response = http.post(fcm.emulator().v1SendUrl(PROJECT), tokenMessage(unique("d")),
                "Authorization", "key=" + EmulatorSettings.DEFAULT_LEGACY_API_KEY);

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void rejectsMalformedJsonAsInvalidArgument() {
        HttpResponse<String> response = send("{\"message\": {\"token\": ");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = EmulatorHttp.json(response).get("error");
        assertThat(error.get("status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(error.get("message").asText()).startsWith("Invalid JSON payload received.");
    }

    @Test
    void rejectsMessagesWithoutAnyTarget() {
        HttpResponse<String> response = send("{\"message\":{\"data\":{\"a\":\"b\"}}}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(EmulatorHttp.json(response).at("/error/message").asText()).isEqualTo("Recipient of the message is not set.");
    }

    @Test
    void rejectsMessagesWithTwoTargets() {
        HttpResponse<String> response = send("{\"message\":{\"token\":\"" + unique("d") + "\",\"topic\":\"news\"}}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(EmulatorHttp.json(response).at("/error/status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(EmulatorHttp.json(response).at("/error/message").asText()).contains("Oneof field 'target'");
    }

    @Test
    void rejectsNonStringDataValuesNamingTheOffendingEntry() {
        HttpResponse<String> first = send("{\"message\":{\"token\":\"" + unique("d") + "\",\"data\":{\"count\":3}}}");
        HttpResponse<String> second = send("{\"message\":{\"token\":\"" + unique("d") + "\",\"data\":{\"a\":\"x\",\"b\":true}}}");

        assertThat(first.statusCode()).isEqualTo(400);
        assertThat(EmulatorHttp.json(first).at("/error/status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(EmulatorHttp.json(first).at("/error/details/0")).isEqualTo(json("""
                {"@type":"type.googleapis.com/google.rpc.BadRequest",
                 "fieldViolations":[{"field":"message.data[0].value",
                                     "description":"Invalid value at 'message.data[0].value' (TYPE_STRING), 3"}]}
                """));
        assertThat(EmulatorHttp.json(second).at("/error/details/0/fieldViolations/0/field").asText())
                .isEqualTo("message.data[1].value");
    }

    @Test
    void rejectsUnknownMessageFieldsNamingThem() {
        HttpResponse<String> response = send("{\"message\":{\"token\":\"" + unique("d") + "\",\"priority\":\"high\"}}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(EmulatorHttp.json(response).at("/error/message").asText())
                .isEqualTo("Invalid JSON payload received. Unknown name \"priority\" at 'message': Cannot find field.");
    }

    @Test
    void rejectsUnknownTopLevelFields() {
        HttpResponse<String> response = send("{\"message\":{\"token\":\"" + unique("d") + "\"},\"dry_run\":true}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(EmulatorHttp.json(response).at("/error/message").asText())
                .isEqualTo("Invalid JSON payload received. Unknown name \"dry_run\": Cannot find field.");
    }

    @Test
    void acceptsCamelCaseFieldNamesAsProto3JsonDoes() {
        HttpResponse<String> response = send("{\"message\":{\"token\":\"" + unique("d")
                + "\",\"fcmOptions\":{\"analyticsLabel\":\"x\"}},\"validateOnly\":true}");

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void measuresThePayloadLimitInUtf8BytesOfDataKeysAndValues() {
        // "k" + 2048 two-byte characters = 4097 bytes although only 2049 characters.
        String tooBig = "{\"message\":{\"token\":\"" + unique("d") + "\",\"data\":{\"k\":\"" + "é".repeat(2048) + "\"}}}";
        String justFits = "{\"message\":{\"token\":\"" + unique("d") + "\",\"data\":{\"k\":\"" + "a".repeat(4095) + "\"}}}";

        HttpResponse<String> rejected = send(tooBig);

        assertThat(rejected.statusCode()).isEqualTo(400);
        assertThat(EmulatorHttp.json(rejected)).isEqualTo(
                json("{\"error\":{\"code\":400,\"message\":\"Message is too big\",\"status\":\"INVALID_ARGUMENT\"}}"));
        assertThat(send(justFits).statusCode()).isEqualTo(200);
    }

    @Test
    void countsNotificationTextTowardsThePayloadLimit() {
        String body = "{\"message\":{\"token\":\"" + unique("d") + "\",\"data\":{\"k\":\"" + "a".repeat(4000)
                + "\"},\"notification\":{\"title\":\"" + "t".repeat(100) + "\"}}}";

        assertThat(send(body).statusCode()).isEqualTo(400);
    }

    @Test
    void answersOtherMethodsOnTheSendUrlWith405() {
        assertThat(http.get(fcm.emulator().v1SendUrl(PROJECT)).statusCode()).isEqualTo(405);
    }

    @Test
    void answersUnknownV1PathsWith404() {
        HttpResponse<String> response = http.post(fcm.baseUrl() + "/v1/projects/p/messages:batchSend", "{}",
                "Authorization", "Bearer " + fcm.bearer());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(EmulatorHttp.json(response).at("/error/status").asText()).isEqualTo("NOT_FOUND");
    }

    private static HttpResponse<String> sendToToken(String token) {
        return send(tokenMessage(token));
    }

    private static String tokenMessage(String token) {
        return "{\"message\":{\"token\":\"" + token + "\",\"data\":{\"k\":\"v\"},"
                + "\"notification\":{\"title\":\"Hi\",\"body\":\"there\"}}}";
    }

    private static HttpResponse<String> send(String body) {
        return http.post(fcm.emulator().v1SendUrl(PROJECT), body,
                "Authorization", "Bearer " + fcm.bearer(), "Content-Type", "application/json");
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static JsonNode json(String text) {
        return EmulatorHttp.parse(text);
    }
}
