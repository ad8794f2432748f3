package io.pushgateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LegacySendApiTest {

    private static final String SERVER_KEY = "test-server-key";

    @RegisterExtension
    static final RunningEmulator fcm = RunningEmulator.builder().legacyApiKey(SERVER_KEY).build();

    private static final EmulatorHttp http = new EmulatorHttp();

    @Test
    void deliversOrdinaryTokensWithAMulticastSummary() {
        HttpResponse<String> response = sendTo(unique("a"), unique("b"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(EmulatorHttp.header(response, "Content-Type")).isEqualTo("application/json; charset=UTF-8");
        JsonNode body = EmulatorHttp.json(response);
        assertThat(body.get("success").asInt()).isEqualTo(2);
        assertThat(body.get("failure").asInt()).isZero();
        assertThat(body.get("canonical_ids").asInt()).isZero();
        assertThat(body.get("results")).hasSize(2);
        assertThat(body.get("results").get(0).get("message_id").asText()).matches("0:\\d+%[0-9a-f]{16}");
    }

    @Test
    void usesMulticastIdsBeyondTheRangeOfDoublesAsFcmDoes() {
        JsonNode multicastId = EmulatorHttp.json(sendTo(unique("a"))).get("multicast_id");

        assertThat(multicastId.isIntegralNumber()).isTrue();
        assertThat(multicastId.asLong()).isGreaterThan(1L << 53);
    }

    @Test
    void answersEachTokenInRequestOrder() {
        String good = unique("good");
        String gone = TokenRules.errorToken("NotRegistered", unique("x"));
        String renamed = TokenRules.canonicalToken(unique("x"));

        JsonNode body = EmulatorHttp.json(sendTo(good, gone, renamed));

        assertThat(body.get("success").asInt()).isEqualTo(2);
        assertThat(body.get("failure").asInt()).isEqualTo(1);
        assertThat(body.get("canonical_ids").asInt()).isEqualTo(1);
        JsonNode results = body.get("results");
        assertThat(results.get(0).fieldNames()).toIterable().containsExactly("message_id");
        assertThat(results.get(1)).isEqualTo(EmulatorHttp.JSON.createObjectNode().put("error", "NotRegistered"));
        assertThat(results.get(2).get("registration_id").asText()).isEqualTo("new-" + renamed);
        assertThat(results.get(2).has("message_id")).isTrue();
    }

    @ParameterizedTest(name = "error-{0} gives result error {1}")
    @CsvSource({
            "NotRegistered, NotRegistered",
            "InvalidRegistration, InvalidRegistration",
            "MismatchSenderId, MismatchSenderId",
            "Unavailable, Unavailable",
            "InternalServerError, InternalServerError",
            "DeviceMessageRateExceeded, DeviceMessageRateExceeded",
            "TopicsMessageRateExceeded, TopicsMessageRateExceeded",
            "MissingRegistration, MissingRegistration",
            "MessageTooBig, MessageTooBig",
            "InvalidDataKey, InvalidDataKey",
            "InvalidTtl, InvalidTtl",
            "InvalidPackageName, InvalidPackageName",
            "InvalidParameters, InvalidParameters",
            "InvalidApnsCredential, InvalidApnsCredential",
            "SomethingNew, SomethingNew",
            "UNREGISTERED, NotRegistered",
            "SENDER_ID_MISMATCH, MismatchSenderId",
            "UNAVAILABLE, Unavailable",
            "INTERNAL, InternalServerError",
            "QUOTA_EXCEEDED, DeviceMessageRateExceeded",
            "INVALID_ARGUMENT, InvalidRegistration",
            "THIRD_PARTY_AUTH_ERROR, InvalidApnsCredential",
            "INVALID_PAYLOAD, InvalidParameters",
            "UNSPECIFIED_ERROR, UNSPECIFIED_ERROR",
    })
    void answersErrorTokensWithTheMatchingLegacyError(String code, String legacyError) {
        HttpResponse<String> response = sendTo(TokenRules.errorToken(code, unique("x")));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = EmulatorHttp.json(response);
        assertThat(body.get("failure").asInt()).isEqualTo(1);
        assertThat(body.get("results").get(0)).isEqualTo(EmulatorHttp.JSON.createObjectNode().put("error", legacyError));
    }

    @Test
    void answersFlakyTokensUnavailableForTheirFirstAttemptsThenDelivers() {
        String token = TokenRules.flakyToken(1, unique("x"));

        JsonNode first = EmulatorHttp.json(sendTo(token)).get("results").get(0);
        JsonNode second = EmulatorHttp.json(sendTo(token)).get("results").get(0);

        assertThat(first.get("error").asText()).isEqualTo("Unavailable");
        assertThat(second.has("message_id")).isTrue();
    }

    @Test
    void acceptsASingleTokenInTo() {
        JsonNode body = EmulatorHttp.json(send("{\"to\":\"" + unique("a") + "\",\"data\":{\"k\":\"v\"}}"));

        assertThat(body.get("success").asInt()).isEqualTo(1);
        assertThat(body.get("results")).hasSize(1);
    }

    @Test
    void answersTopicSendsWithOnlyAMessageId() {
        HttpResponse<String> response = send("{\"to\":\"/topics/news\",\"data\":{\"k\":\"v\"}}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(EmulatorHttp.json(response).fieldNames()).toIterable().containsExactly("message_id");
    }

    @Test
    void allowsNonStringDataValues() {
        HttpResponse<String> response = send("{\"to\":\"" + unique("a") + "\",\"data\":{\"count\":3,\"flag\":true}}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(EmulatorHttp.json(response).get("success").asInt()).isEqualTo(1);
    }

    @Test
    void reportsMissingRegistrationWhenNoTargetIsGiven() {
        JsonNode body = EmulatorHttp.json(send("{\"data\":{\"k\":\"v\"}}"));

        assertThat(body.get("results").get(0).get("error").asText()).isEqualTo("MissingRegistration");
    }

    @Test
    void reportsMessageTooBigForEveryTokenWhenThePayloadExceeds4096Bytes() {
        ObjectNode request = EmulatorHttp.JSON.createObjectNode();
        request.putArray("registration_ids").add(unique("a")).add(unique("b"));
        request.putObject("data").put("k", "x".repeat(4096));

        JsonNode body = EmulatorHttp.json(send(request.toString()));

        assertThat(body.get("failure").asInt()).isEqualTo(2);
        assertThat(body.get("results").findValuesAsText("error")).containsExactly("MessageTooBig", "MessageTooBig");
    }

    @Test
    void reportsInvalidTtlOutsideFourWeeks() {
        JsonNode body = EmulatorHttp.json(send("{\"to\":\"" + unique("a") + "\",\"time_to_live\":2419201}"));

        assertThat(body.get("results").get(0).get("error").asText()).isEqualTo("InvalidTtl");
    }

    @Test
    void rejectsMoreThan1000RegistrationIdsWithATextReason() {
        List<String> tokens = IntStream.range(0, 1001).mapToObj(i -> "bulk-" + i).toList();

        HttpResponse<String> response = sendTo(tokens.toArray(String[]::new));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(EmulatorHttp.header(response, "Content-Type")).startsWith("text/plain");
        assertThat(response.body()).isEqualTo("Number of messages on bulk (1001) exceeds maximum allowed (1000)");
    }

    @Test
    void acceptsExactly1000RegistrationIds() {
        List<String> tokens = IntStream.range(0, 1000).mapToObj(i -> "bulk-ok-" + i).toList();

        JsonNode body = EmulatorHttp.json(sendTo(tokens.toArray(String[]::new)));

        assertThat(body.get("success").asInt()).isEqualTo(1000);
    }

    @Test
    void rejectsMalformedJsonWithAJsonParsingErrorText() {
        HttpResponse<String> response = send("{\"registration_ids\": [");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(EmulatorHttp.header(response, "Content-Type")).startsWith("text/plain");
        assertThat(response.body()).startsWith("JSON_PARSING_ERROR: ");
    }

    @Test
    void rejectsRegistrationIdsThatAreNotStrings() {
        HttpResponse<String> response = send("{\"registration_ids\":[1,2]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("registration_ids");
    }

    @Test
    void rejectsAMissingServerKeyWithAnHtmlPage() {
        HttpResponse<String> response = http.post(fcm.emulator().legacySendUrl(), "{\"to\":\"abc\"}",
                "Content-Type", "application/json");

        assertUnauthorizedPage(response);
    }

    @Test
    void rejectsAWrongServerKeyWithAnHtmlPage() {
        HttpResponse<String> response = http.post(fcm.emulator().legacySendUrl(), "{\"to\":\"abc\"}",
                "Authorization", "key=not-the-key", "Content-Type", "application/json");

        assertUnauthorizedPage(response);
    }

    @Test
    void rejectsAnOAuthBearerTokenOnTheLegacyApi() {
        HttpResponse<String> response = http.post(fcm.emulator().legacySendUrl(), "{\"to\":\"abc\"}",
                "Authorization", "Bearer ya29.something");

        assertThat(response.statusCode()).isEqualTo(401);
    }

    private static void assertUnauthorizedPage(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(EmulatorHttp.header(response, "Content-Type")).startsWith("text/html");
        assertThat(response.body()).contains("<TITLE>Unauthorized</TITLE>").contains("Error 401");
    }

    private static HttpResponse<String> sendTo(String... tokens) {
        ObjectNode request = EmulatorHttp.JSON.createObjectNode();
        ArrayNode ids = request.putArray("registration_ids");
        for (String token : tokens) {
            ids.add(token);
        }
        request.putObject("data").put("k", "v");
        return send(request.toString());
    }

    private static HttpResponse<String> send(String body) {
        return http.post(fcm.emulator().legacySendUrl(), body,
                "Authorization", "key=" + SERVER_KEY, "Content-Type", "application/json");
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }
}
