package io.pushgateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OutageTest {

    private static final String PROJECT = "outage-project";

    /** Refusing connections closes the port, and the emulator must get the same port back afterwards. */
    @RegisterExtension
    static final RunningEmulator fcm = RunningEmulator.builder().portOutsideEphemeralRange().projects(PROJECT).build();

    private static final EmulatorHttp http = new EmulatorHttp();

    @AfterEach
    void endOutage() {
        fcm.emulator().setOutage(Outage.none());
    }

    @Test
    void unavailableAnswersV1SendsWithABare503AndRetryAfter() {
        fcm.emulator().setOutage(Outage.unavailable(Duration.ofSeconds(5)));

        HttpResponse<String> response = sendV1(unique("device"), http);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(EmulatorHttp.header(response, "Retry-After")).isEqualTo("5");
        assertThat(EmulatorHttp.json(response)).isEqualTo(EmulatorHttp.parse(
                "{\"error\":{\"code\":503,\"message\":\"The service is currently unavailable.\",\"status\":\"UNAVAILABLE\"}}"));
    }

    @Test
    void unavailableAnswersLegacySendsWith503TextAndRetryAfter() {
        fcm.emulator().setOutage(Outage.unavailable(Duration.ofSeconds(5)));

        HttpResponse<String> response = sendLegacy(unique("device"));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(EmulatorHttp.header(response, "Retry-After")).isEqualTo("5");
        assertThat(EmulatorHttp.header(response, "Content-Type")).startsWith("text/plain");
    }

    @Test
    void roundsRetryAfterUpToWholeSeconds() {
        fcm.emulator().setOutage(Outage.unavailable(Duration.ofMillis(1500)));

        assertThat(EmulatorHttp.header(sendV1(unique("device"), http), "Retry-After")).isEqualTo("2");
    }

    @Test
    void rateLimitedAnswersV1WithResourceExhaustedQuotaExceededAndRetryAfter() {
        fcm.emulator().setOutage(Outage.rateLimited(Duration.ofSeconds(30)));

        HttpResponse<String> response = sendV1(unique("device"), http);

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(EmulatorHttp.header(response, "Retry-After")).isEqualTo("30");
        JsonNode error = EmulatorHttp.json(response).get("error");
        assertThat(error.get("status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(error.at("/details/0/errorCode").asText()).isEqualTo("QUOTA_EXCEEDED");
    }

    @Test
    void rateLimitedAnswersLegacyWith429AndRetryAfter() {
        fcm.emulator().setOutage(Outage.rateLimited(Duration.ofSeconds(30)));

        HttpResponse<String> response = sendLegacy(unique("device"));

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(EmulatorHttp.header(response, "Retry-After")).isEqualTo("30");
    }

    @Test
    void internalErrorAnswersV1With500InternalAndLegacyWith500Text() {
        fcm.emulator().setOutage(Outage.internalError());

        HttpResponse<String> v1 = sendV1(unique("device"), http);
        HttpResponse<String> legacy = sendLegacy(unique("device"));

        assertThat(v1.statusCode()).isEqualTo(500);
        assertThat(EmulatorHttp.json(v1).at("/error/status").asText()).isEqualTo("INTERNAL");
        assertThat(legacy.statusCode()).isEqualTo(500);
        assertThat(EmulatorHttp.header(legacy, "Content-Type")).startsWith("text/plain");
    }

    @Test
    void outagesAnswerBeforeCredentialsAreChecked() {
        fcm.emulator().setOutage(Outage.internalError());

        HttpResponse<String> response = http.post(fcm.emulator().v1SendUrl(PROJECT), "{}", "Authorization", "Bearer nonsense");

        assertThat(response.statusCode()).isEqualTo(500);
    }

    @Test
    void outagesLeaveTheTokenEndpointWorking() {
        fcm.emulator().setOutage(Outage.unavailable(Duration.ofSeconds(1)));

        assertThat(fcm.account().accessToken(http, fcm.emulator().tokenUrl())).startsWith("ya29.emulator-");
    }

    @Test
    void endingAnOutageRestoresNormalAnswersOnTheNextRequest() {
        fcm.emulator().setOutage(Outage.unavailable(Duration.ofSeconds(1)));
        assertThat(sendV1(unique("device"), http).statusCode()).isEqualTo(503);

        fcm.emulator().setOutage(Outage.none());

        assertThat(sendV1(unique("device"), http).statusCode()).isEqualTo(200);
    }

    @Test
    void timeoutHangsBeforeAnswering503() {
        fcm.emulator().setOutage(Outage.timeout(Duration.ofMillis(300)));

        long started = System.nanoTime();
        HttpResponse<String> response = sendV1(unique("device"), http);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(EmulatorHttp.json(response).at("/error/status").asText()).isEqualTo("UNAVAILABLE");
    }

    @Test
    void timeoutMakesAClientWithAShorterTimeoutGiveUp() {
        fcm.emulator().setOutage(Outage.timeout(Duration.ofSeconds(5)));
        HttpRequest request = HttpRequest.newBuilder(URI.create(fcm.emulator().v1SendUrl(PROJECT)))
                .timeout(Duration.ofMillis(200))
                .header("Authorization", "Bearer " + fcm.bearer())
                .POST(HttpRequest.BodyPublishers.ofString(v1Body(unique("device"))))
                .build();

        assertThatThrownBy(() -> EmulatorHttp.newClient().send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void refusingConnectionsClosesThePortUntilAnotherOutageIsSetThenListensOnTheSamePort() throws Exception {
        int port = fcm.emulator().port();

        fcm.emulator().setOutage(Outage.refuseConnections());

        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> EmulatorHttp.newClient().send(
                HttpRequest.newBuilder(URI.create(fcm.emulator().v1SendUrl(PROJECT))).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(ConnectException.class);

        fcm.emulator().setOutage(Outage.none());

        assertThat(fcm.emulator().port()).isEqualTo(port);
        EmulatorHttp freshClient = new EmulatorHttp();
        assertThat(sendV1(unique("device"), freshClient).statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> sendV1(String token, EmulatorHttp client) {
        return client.post(fcm.emulator().v1SendUrl(PROJECT), v1Body(token),
                "Authorization", "Bearer " + fcm.bearer(), "Content-Type", "application/json");
    }

    private static String v1Body(String token) {
        return "{\"message\":{\"token\":\"" + token + "\"}}";
    }

    private static HttpResponse<String> sendLegacy(String token) {
        return http.post(fcm.emulator().legacySendUrl(), "{\"registration_ids\":[\"" + token + "\"]}",
                "Authorization", "key=" + EmulatorSettings.DEFAULT_LEGACY_API_KEY, "Content-Type", "application/json");
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }
}
