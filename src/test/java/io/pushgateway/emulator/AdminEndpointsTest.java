package io.pushgateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushgateway.testsupport.FreePorts;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdminEndpointsTest {

    private static final String PROJECT = "admin-project";

    @TempDir
    static Path keyDir;

    private static FcmEmulator emulator;
    private static EmulatorHttp http;
    private static TestServiceAccount account;

    @BeforeAll
    static void startEmulator() {
        emulator = FcmEmulator.start(EmulatorSettings.defaults().withPort(FreePorts.outsideEphemeralRange()));
        http = new EmulatorHttp();
        account = TestServiceAccount.load(emulator.writeServiceAccountFile(keyDir, PROJECT));
    }

    @AfterEach
    void restoreNormalService() {
        emulator.setOutage(Outage.none());
        emulator.setLatency(Duration.ZERO, Duration.ZERO);
        emulator.setTokenEndpointFailing(false);
        emulator.resetStats();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
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
        assertThat(emulator.outage()).isEqualTo(expected.outage);
        assertThat(EmulatorHttp.json(http.get(emulator.baseUrl() + "/emulator/outage")).get("kind").asText())
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

        HttpResponse<String> send = http.post(emulator.legacySendUrl(), "{\"to\":\"device\"}",
                "Authorization", "key=" + EmulatorSettings.DEFAULT_LEGACY_API_KEY);

        assertThat(send.statusCode()).isEqualTo(503);
        assertThat(EmulatorHttp.header(send, "Retry-After")).isEqualTo("5");
    }

    @Test
    void rejectsUnknownOutageKindsWith400() {
        HttpResponse<String> response = admin("/emulator/outage", "{\"kind\":\"meteor\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(EmulatorHttp.json(response).get("error").asText()).contains("meteor");
        assertThat(emulator.outage()).isEqualTo(Outage.none());
    }

    @Test
    void rejectsMalformedAdminJsonWith400() {
        assertThat(admin("/emulator/latency", "{\"fixedMillis\":").statusCode()).isEqualTo(400);
    }

    @Test
    void refuseThroughTheEndpointAnswersFirstThenClosesThePortUntilTheInProcessApiReopensIt() {
        int port = emulator.port();

        HttpResponse<String> response = admin("/emulator/outage", "{\"kind\":\"refuse\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(EmulatorHttp.json(response).get("kind").asText()).isEqualTo("refuse");
        assertThat(emulator.outage()).isEqualTo(Outage.refuseConnections());
        Eventually.await("the port refuses connections", Duration.ofSeconds(5), () -> Eventually.connectionRefused(port));

        emulator.setOutage(Outage.none());

        assertThat(new EmulatorHttp().get(emulator.baseUrl() + "/emulator/stats").statusCode()).isEqualTo(200);
    }

    @Test
    void latencyEndpointSetsFixedLatencyAndJitter() {
        HttpResponse<String> response = admin("/emulator/latency", "{\"fixedMillis\":20,\"jitterMillis\":5}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(emulator.latency()).isEqualTo(new LatencyProfile(Duration.ofMillis(20), Duration.ofMillis(5)));
        assertThat(EmulatorHttp.json(http.get(emulator.baseUrl() + "/emulator/latency")))
                .isEqualTo(EmulatorHttp.parse("{\"fixedMillis\":20,\"jitterMillis\":5}"));
    }

    @Test
    void rejectsNegativeLatencyWith400() {
        assertThat(admin("/emulator/latency", "{\"fixedMillis\":-1}").statusCode()).isEqualTo(400);
    }

    @Test
    void revokeTokensEndpointInvalidatesEveryGrantedAccessToken() {
        String accessToken = account.accessToken(http, emulator.tokenUrl());

        assertThat(admin("/emulator/revoke-tokens", "").statusCode()).isEqualTo(200);

        HttpResponse<String> send = http.post(emulator.v1SendUrl(PROJECT), "{\"message\":{\"token\":\"d\"}}",
                "Authorization", "Bearer " + accessToken);
        assertThat(send.statusCode()).isEqualTo(401);
    }

    @Test
    void tokenEndpointSwitchMakesTokenRequestsFail() {
        admin("/emulator/token-endpoint", "{\"failing\":true}");

        HttpResponse<String> response = http.post(emulator.tokenUrl(),
                TestServiceAccount.tokenRequestBody(account.assertion()), "Content-Type", "application/x-www-form-urlencoded");

        assertThat(response.statusCode()).isEqualTo(503);
    }

    @Test
    void statsEndpointReportsTotalsAndDeliveriesPerToken() {
        http.post(emulator.legacySendUrl(), "{\"registration_ids\":[\"stat-a\",\"stat-a\",\"error-NotRegistered-b\"]}",
                "Authorization", "key=" + EmulatorSettings.DEFAULT_LEGACY_API_KEY);

        HttpResponse<String> response = http.get(emulator.baseUrl() + "/emulator/stats");

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
        http.post(emulator.legacySendUrl(), "{\"to\":\"reset-me\"}", "Authorization", "key=" + EmulatorSettings.DEFAULT_LEGACY_API_KEY);

        assertThat(admin("/emulator/reset", "").statusCode()).isEqualTo(200);

        assertThat(emulator.stats().sendRequests()).isZero();
        assertThat(emulator.stats().deliveries("reset-me")).isZero();
    }

    @Test
    void answersUnknownAdminPathsWith404() {
        assertThat(admin("/emulator/self-destruct", "").statusCode()).isEqualTo(404);
        assertThat(http.get(emulator.baseUrl() + "/emulator/reset").statusCode()).isEqualTo(404);
    }

    @Test
    void adminCallsAreNotCountedAsSends() {
        admin("/emulator/latency", "{\"fixedMillis\":0}");
        http.get(emulator.baseUrl() + "/emulator/stats");

        assertThat(emulator.stats().sendRequests()).isZero();
    }

    private static HttpResponse<String> admin(String path, String body) {
        return http.post(emulator.baseUrl() + path, body, "Content-Type", "application/json");
    }
}
