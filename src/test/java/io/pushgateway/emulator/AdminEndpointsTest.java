package io.pushgateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdminEndpointsTest {

    private static final String PROJECT = "admin-project";

    /** A refuse outage closes the port, and the emulator must get the same port back afterwards. */
    @RegisterExtension
    static final RunningEmulator fcm = RunningEmulator.builder().portOutsideEphemeralRange().projects(PROJECT).build();

    private static final EmulatorHttp http = new EmulatorHttp();

    @AfterEach
    void restoreNormalService() {
        fcm.emulator().setOutage(Outage.none());
        fcm.emulator().setLatency(Duration.ZERO, Duration.ZERO);
        fcm.emulator().setTokenEndpointFailing(false);
        fcm.emulator().resetStats();
    }

    @ParameterizedTest(name = "{0} sets {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"kind\":\"unavailable\",\"retryAfterSeconds\":5}  | UNAVAILABLE_5S",
            "{\"kind\":\"rate-limited\",\"retryAfterSeconds\":7} | RATE_LIMITED_7S",
            "{\"kind\":\"timeout\",\"hangMillis\":1500}          | TIMEOUT_1500MS",
            "{\"kind\":\"internal\"}                             | INTERNAL",
            "{\"kind\":\"unavailable\"}                          | UNAVAILABLE_1S",
            "{\"kind\":\"none\"}                                 | NONE",
    })
    void outageEndpointSetsTheOutageItDescribes(String request, ExpectedOutage expected) {
        HttpResponse<String> response = admin("/emulator/outage", request);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(fcm.emulator().outage()).isEqualTo(expected.outage);
        assertThat(EmulatorHttp.json(http.get(fcm.baseUrl() + "/emulator/outage")).get("kind").asText())
                .isEqualTo(expected.outage.kind());
    }

    enum ExpectedOutage {
        UNAVAILABLE_5S(Outage.unavailable(Duration.ofSeconds(5))),
        UNAVAILABLE_1S(Outage.unavailable(Duration.ofSeconds(1))),
        RATE_LIMITED_7S(Outage.rateLimited(Duration.ofSeconds(7))),
        TIMEOUT_1500MS(Outage.timeout(Duration.ofMillis(1500))),
        INTERNAL(Outage.internalError()),
        NONE(Outage.none());

        final Outage outage;

        ExpectedOutage(Outage outage) {
            this.outage = outage;
        }
    }

    @Test
    void outageSetThroughTheEndpointAnswersTheNextSend() {
        admin("/emulator/outage", "{\"kind\":\"unavailable\",\"retryAfterSeconds\":5}");

        HttpResponse<String> send = http.post(fcm.emulator().legacySendUrl(), "{\"to\":\"device\"}",
                "Authorization", "key=" + EmulatorSettings.DEFAULT_LEGACY_API_KEY);

        assertThat(send.statusCode()).isEqualTo(503);
        assertThat(EmulatorHttp.header(send, "Retry-After")).isEqualTo("5");
    }

    @Test
    void rejectsUnknownOutageKindsWith400() {
        HttpResponse<String> response = admin("/emulator/outage", "{\"kind\":\"meteor\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(EmulatorHttp.json(response).get("error").asText()).contains("meteor");
        assertThat(fcm.emulator().outage()).isEqualTo(Outage.none());
    }

    @Test
    void rejectsMalformedAdminJsonWith400() {
        assertThat(admin("/emulator/latency", "{\"fixedMillis\":").statusCode()).isEqualTo(400);
    }

    @Test
    void refuseThroughTheEndpointAnswersFirstThenClosesThePortUntilTheInProcessApiReopensIt() {
        int port = fcm.emulator().port();

        HttpResponse<String> response = admin("/emulator/outage", "{\"kind\":\"refuse\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(EmulatorHttp.json(response).get("kind").asText()).isEqualTo("refuse");
        assertThat(fcm.emulator().outage()).isEqualTo(Outage.refuseConnections());
        Eventually.await("the port refuses connections", Duration.ofSeconds(5), () -> Eventually.connectionRefused(port));

        fcm.emulator().setOutage(Outage.none());

        assertThat(new EmulatorHttp().get(fcm.baseUrl() + "/emulator/stats").statusCode()).isEqualTo(200);
    }

    @Test
    void latencyEndpointSetsFixedLatencyAndJitter() {
        HttpResponse<String> response = admin("/emulator/latency", "{\"fixedMillis\":20,\"jitterMillis\":5}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(fcm.emulator().latency()).isEqualTo(new LatencyProfile(Duration.ofMillis(20), Duration.ofMillis(5)));
        assertThat(EmulatorHttp.json(http.get(fcm.baseUrl() + "/emulator/latency")))
                .isEqualTo(EmulatorHttp.parse("{\"fixedMillis\":20,\"jitterMillis\":5}"));
    }

    @Test
    void rejectsNegativeLatencyWith400() {
        assertThat(admin("/emulator/latency", "{\"fixedMillis\":-1}").statusCode()).isEqualTo(400);
    }

    @Test
    void revokeTokensEndpointInvalidatesEveryGrantedAccessToken() {
        String accessToken = fcm.account().accessToken(http, fcm.emulator().tokenUrl());

        assertThat(admin("/emulator/revoke-tokens", "").statusCode()).isEqualTo(200);

        HttpResponse<String> send = http.post(fcm.emulator().v1SendUrl(PROJECT), "{\"message\":{\"token\":\"d\"}}",
                "Authorization", "Bearer " + accessToken);
        assertThat(send.statusCode()).isEqualTo(401);
    }

    @Test
    void tokenEndpointSwitchMakesTokenRequestsFail() {
        admin("/emulator/token-endpoint", "{\"failing\":true}");

        HttpResponse<String> response = http.post(fcm.emulator().tokenUrl(),
                TestServiceAccount.tokenRequestBody(fcm.account().assertion()), "Content-Type", "application/x-www-form-urlencoded");

        assertThat(response.statusCode()).isEqualTo(503);
    }

    @Test
    void statsEndpointReportsTotalsAndDeliveriesPerToken() {
        http.post(fcm.emulator().legacySendUrl(), "{\"registration_ids\":[\"stat-a\",\"stat-a\",\"error-NotRegistered-b\"]}",
                "Authorization", "key=" + EmulatorSettings.DEFAULT_LEGACY_API_KEY);

        HttpResponse<String> response = http.get(fcm.baseUrl() + "/emulator/stats");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(EmulatorHttp.header(response, "Content-Type")).startsWith("application/json");
        JsonNode stats = EmulatorHttp.json(response);
        assertThat(stats.get("sendRequests").asLong()).isEqualTo(1);
        assertThat(stats.get("tokensReceived").asLong()).isEqualTo(3);
        assertThat(stats.get("totalDeliveries").asLong()).isEqualTo(2);
        assertThat(stats.get("tokenRequests").asLong()).isZero();
        assertThat(stats.get("deliveries")).isEqualTo(EmulatorHttp.parse("{\"stat-a\":2}"));
        assertThat(stats.get("attempts")).isEqualTo(EmulatorHttp.parse("{\"error-NotRegistered-b\":1,\"stat-a\":2}"));
    }

    @Test
    void resetEndpointZeroesTheCounters() {
        http.post(fcm.emulator().legacySendUrl(), "{\"to\":\"reset-me\"}", "Authorization", "key=" + EmulatorSettings.DEFAULT_LEGACY_API_KEY);

        assertThat(admin("/emulator/reset", "").statusCode()).isEqualTo(200);

        assertThat(fcm.emulator().stats().sendRequests()).isZero();
        assertThat(fcm.emulator().stats().deliveries("reset-me")).isZero();
    }

    @Test
    void answersUnknownAdminPathsWith404() {
        assertThat(admin("/emulator/self-destruct", "").statusCode()).isEqualTo(404);
        assertThat(http.get(fcm.baseUrl() + "/emulator/reset").statusCode()).isEqualTo(404);
    }

    @Test
    void adminCallsAreNotCountedAsSends() {
        admin("/emulator/latency", "{\"fixedMillis\":0}");
        http.get(fcm.baseUrl() + "/emulator/stats");

        assertThat(fcm.emulator().stats().sendRequests()).isZero();
    }

    private static HttpResponse<String> admin(String path, String body) {
        return http.post(fcm.baseUrl() + path, body, "Content-Type", "application/json");
    }
}
