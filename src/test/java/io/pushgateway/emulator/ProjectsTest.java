package io.pushgateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Several Firebase projects on one emulator: stats, service accounts and outages per project. */
class ProjectsTest {

    private static final String FIRST = "first-project";
    private static final String SECOND = "second-project";

    @RegisterExtension
    static final RunningEmulator fcm = RunningEmulator.serving(FIRST, SECOND);

    private static final EmulatorHttp http = new EmulatorHttp();

    @BeforeEach
    void startAfresh() {
        fcm.emulator().setOutage(Outage.none());
        fcm.emulator().resetStats();
    }

    @Test
    void givesEveryServiceAccountFileItsOwnClientEmail(@TempDir Path againDir) {
        TestServiceAccount again = TestServiceAccount.load(fcm.emulator().writeServiceAccountFile(againDir, FIRST));

        assertThat(fcm.account(FIRST).file.get("client_email").asText()).isEqualTo("emulator@first-project.iam.gserviceaccount.com");
        assertThat(fcm.account(SECOND).file.get("client_email").asText()).isEqualTo("emulator@second-project.iam.gserviceaccount.com");
        assertThat(again.file.get("client_email").asText()).isEqualTo("emulator-2@first-project.iam.gserviceaccount.com");
        assertThat(again.accessToken(http, fcm.emulator().tokenUrl())).startsWith("ya29.emulator-");
    }

    @Test
    void countsSendsDeliveriesAndValidationsPerProject() {
        send(FIRST, fcm.bearer(FIRST), token("a"));
        send(FIRST, fcm.bearer(FIRST), token(TokenRules.errorToken("UNREGISTERED", "b")));
        send(SECOND, fcm.bearer(SECOND), "{\"message\":{\"topic\":\"t\"},\"validate_only\":true}");

        assertThat(fcm.emulator().stats().project(FIRST))
                .isEqualTo(new ProjectStats(2, 1, 0, List.of("emulator@first-project.iam.gserviceaccount.com")));
        assertThat(fcm.emulator().stats().project(SECOND))
                .isEqualTo(new ProjectStats(1, 0, 1, List.of("emulator@second-project.iam.gserviceaccount.com")));
        assertThat(fcm.emulator().stats().project("never-used")).isEqualTo(new ProjectStats(0, 0, 0, List.of()));
        assertThat(fcm.emulator().stats().projects()).containsOnlyKeys(FIRST, SECOND);
    }

    @Test
    void recordsWhichServiceAccountsAccessTokenASendCarried() {
        // The second project's token sent to the first project's path: FCM would refuse it, the emulator
        // accepts any token it granted, and the stats show the mix-up.
        send(FIRST, fcm.bearer(SECOND), token("mixed"));
        send(FIRST, fcm.bearer(FIRST), token("right"));

        assertThat(fcm.emulator().stats().project(FIRST).accounts()).containsExactly(
                "emulator@first-project.iam.gserviceaccount.com", "emulator@second-project.iam.gserviceaccount.com");
    }

    @Test
    void countsASendTurnedAwayFor401UnderItsProjectWithoutAnAccount() {
        send(FIRST, "ya29.emulator-made-up", token("nobody"));

        assertThat(fcm.emulator().stats().project(FIRST)).isEqualTo(new ProjectStats(1, 0, 0, List.of()));
    }

    @Test
    void showsProjectsOnTheStatsEndpoint() {
        send(SECOND, fcm.bearer(SECOND), token("shown"));

        JsonNode stats = EmulatorHttp.json(http.get(fcm.baseUrl() + "/emulator/stats"));

        assertThat(stats.get("projects")).isEqualTo(EmulatorHttp.parse("""
                {"second-project":{"sends":1,"deliveries":1,"validations":0,
                                   "accounts":["emulator@second-project.iam.gserviceaccount.com"]}}
                """));
        assertThat(stats.get("deliveriesByKind")).isEqualTo(EmulatorHttp.parse("{\"token\":1}"));
    }

    @Test
    void aProjectOutageAnswersOnlyThatProjectsSends() {
        fcm.emulator().setOutage(SECOND, Outage.unavailable(Duration.ofSeconds(4)));

        HttpResponse<String> second = send(SECOND, fcm.bearer(SECOND), token("down"));
        HttpResponse<String> first = send(FIRST, fcm.bearer(FIRST), token("up"));
        HttpResponse<String> legacy = http.post(fcm.emulator().legacySendUrl(), "{\"to\":\"legacy-up\"}",
                "Authorization", "key=" + EmulatorSettings.DEFAULT_LEGACY_API_KEY);

        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(EmulatorHttp.header(second, "Retry-After")).isEqualTo("4");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(legacy.statusCode()).isEqualTo(200);
        assertThat(fcm.emulator().outage(SECOND)).isEqualTo(Outage.unavailable(Duration.ofSeconds(4)));
        assertThat(fcm.emulator().outage(FIRST)).isEqualTo(Outage.none());
        assertThat(fcm.emulator().outage()).isEqualTo(Outage.none());
    }

    @Test
    void endsAProjectOutageWithKindNoneForThatProject() {
        fcm.emulator().setOutage(SECOND, Outage.internalError());
        fcm.emulator().setOutage(FIRST, Outage.internalError());

        fcm.emulator().setOutage(SECOND, Outage.none());

        assertThat(send(SECOND, fcm.bearer(SECOND), token("back")).statusCode()).isEqualTo(200);
        assertThat(send(FIRST, fcm.bearer(FIRST), token("still-down")).statusCode()).isEqualTo(500);
        assertThat(fcm.emulator().projectOutages()).isEqualTo(Map.of(FIRST, Outage.internalError()));
    }

    @Test
    void endsEveryProjectOutageWithAWholeServiceNone() {
        fcm.emulator().setOutage(SECOND, Outage.internalError());

        fcm.emulator().setOutage(Outage.none());

        assertThat(fcm.emulator().projectOutages()).isEmpty();
        assertThat(send(SECOND, fcm.bearer(SECOND), token("healed")).statusCode()).isEqualTo(200);
    }

    @Test
    void letsAWholeServiceOutageGoFirst() {
        fcm.emulator().setOutage(SECOND, Outage.internalError());
        fcm.emulator().setOutage(Outage.rateLimited(Duration.ofSeconds(2)));

        assertThat(send(SECOND, fcm.bearer(SECOND), token("x")).statusCode()).isEqualTo(429);
    }

    @Test
    void refusesToScopeARefuseOutageToAProject() {
        assertThatThrownBy(() -> fcm.emulator().setOutage(SECOND, Outage.refuseConnections()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(fcm.emulator().projectOutages()).isEmpty();
    }

    @Test
    void setsAndShowsAProjectOutageThroughTheAdminEndpoint() {
        HttpResponse<String> set = admin("{\"kind\":\"timeout\",\"hangMillis\":1500,\"project\":\"second-project\"}");

        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(EmulatorHttp.json(set)).isEqualTo(EmulatorHttp.parse(
                "{\"kind\":\"timeout\",\"hangMillis\":1500,\"project\":\"second-project\"}"));
        assertThat(fcm.emulator().outage(SECOND)).isEqualTo(Outage.timeout(Duration.ofMillis(1500)));
        assertThat(fcm.emulator().outage()).isEqualTo(Outage.none());
        assertThat(EmulatorHttp.json(http.get(fcm.baseUrl() + "/emulator/outage"))).isEqualTo(EmulatorHttp.parse(
                "{\"kind\":\"none\",\"projects\":{\"second-project\":{\"kind\":\"timeout\",\"hangMillis\":1500}}}"));
    }

    @Test
    void endsAProjectOutageThroughTheAdminEndpoint() {
        fcm.emulator().setOutage(SECOND, Outage.internalError());

        assertThat(admin("{\"kind\":\"none\",\"project\":\"second-project\"}").statusCode()).isEqualTo(200);

        assertThat(fcm.emulator().projectOutages()).isEmpty();
    }

    @Test
    void refusesARefuseOutageForAProjectThroughTheAdminEndpoint() {
        int port = fcm.emulator().port();

        HttpResponse<String> response = admin("{\"kind\":\"refuse\",\"project\":\"second-project\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(EmulatorHttp.json(response).get("error").asText()).contains("refuse");
        assertThat(fcm.emulator().outage()).isEqualTo(Outage.none());
        assertThat(fcm.emulator().port()).isEqualTo(port);
        assertThat(send(SECOND, fcm.bearer(SECOND), token("still-served")).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesANonStringProjectThroughTheAdminEndpoint() {
        assertThat(admin("{\"kind\":\"internal\",\"project\":7}").statusCode()).isEqualTo(400);
        assertThat(fcm.emulator().outage()).isEqualTo(Outage.none());
    }

    private static HttpResponse<String> admin(String body) {
        return http.post(fcm.baseUrl() + "/emulator/outage", body, "Content-Type", "application/json");
    }

    private static String token(String token) {
        return "{\"message\":{\"token\":\"" + token + "-" + UUID.randomUUID() + "\"}}";
    }

    private static HttpResponse<String> send(String project, String bearer, String body) {
        return http.post(fcm.emulator().v1SendUrl(project), body, "Authorization", "Bearer " + bearer);
    }
}
