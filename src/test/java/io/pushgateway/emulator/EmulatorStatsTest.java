package io.pushgateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmulatorStatsTest {

    private static final String PROJECT = "stats-project";
    private static final String LEGACY_AUTH = "key=" + EmulatorSettings.DEFAULT_LEGACY_API_KEY;

    @TempDir
    static Path keyDir;

    private static FcmEmulator emulator;
    private static EmulatorHttp http;
    private static String bearer;

    @BeforeAll
    static void startEmulator() {
        emulator = FcmEmulator.start(EmulatorSettings.defaults());
        http = new EmulatorHttp();
        bearer = TestServiceAccount.load(emulator.writeServiceAccountFile(keyDir, PROJECT)).accessToken(http, emulator.tokenUrl());
    }

    @BeforeEach
    void startCountingAfresh() {
        emulator.setOutage(Outage.none());
        emulator.resetStats();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    @Test
    void countsSendRequestsAndTokensAcrossBothApis() {
        sendV1("one");
        sendLegacy("{\"registration_ids\":[\"two\",\"three\"]}");

        assertThat(emulator.stats().sendRequests()).isEqualTo(2);
        assertThat(emulator.stats().tokensReceived()).isEqualTo(3);
        assertThat(emulator.stats().deliveriesByToken()).isEqualTo(Map.of("one", 1L, "two", 1L, "three", 1L));
        assertThat(emulator.stats().totalDeliveries()).isEqualTo(3);
    }

    @Test
    void countsAnAttemptButNoDeliveryForFailedTokens() {
        String token = TokenRules.errorToken("UNREGISTERED", "gone");

        sendV1(token);
        sendLegacy("{\"to\":\"" + token + "\"}");

        assertThat(emulator.stats().attempts(token)).isEqualTo(2);
        assertThat(emulator.stats().deliveries(token)).isZero();
    }

    @Test
    void countsEveryAttemptOfAFlakyTokenAndOnlyTheSuccessfulOneAsDelivery() {
        String token = TokenRules.flakyToken(2, "counted");

        sendV1(token);
        sendV1(token);
        sendV1(token);

        assertThat(emulator.stats().attempts(token)).isEqualTo(3);
        assertThat(emulator.stats().deliveries(token)).isEqualTo(1);
    }

    @Test
    void countsDryRunsAsAttemptsButNotAsDeliveries() {
        http.post(emulator.v1SendUrl(PROJECT), "{\"message\":{\"token\":\"dry\"},\"validate_only\":true}",
                "Authorization", "Bearer " + bearer);
        sendLegacy("{\"to\":\"dry\",\"dry_run\":true}");

        assertThat(emulator.stats().attempts("dry")).isEqualTo(2);
        assertThat(emulator.stats().deliveries("dry")).isZero();
    }

    @Test
    void countsARequestRejectedFor401ButNotItsTokens() {
        http.post(emulator.v1SendUrl(PROJECT), "{\"message\":{\"token\":\"sneaky\"}}", "Authorization", "Bearer wrong");

        assertThat(emulator.stats().sendRequests()).isEqualTo(1);
        assertThat(emulator.stats().tokensReceived()).isZero();
        assertThat(emulator.stats().attempts("sneaky")).isZero();
    }

    @Test
    void countsTheTokensOfSendsAnsweredByAnOutage() {
        emulator.setOutage(Outage.unavailable(Duration.ofSeconds(1)));

        sendV1("during-outage");
        sendLegacy("{\"registration_ids\":[\"during-outage\"]}");

        assertThat(emulator.stats().attempts("during-outage")).isEqualTo(2);
        assertThat(emulator.stats().deliveries("during-outage")).isZero();
    }

    @Test
    void leavesTokenGrantsOutOfTheSendCountButCountsThemAsTokenRequests() {
        TestServiceAccount.load(keyDir.resolve("emulator-service-account.json")).accessToken(http, emulator.tokenUrl());

        assertThat(emulator.stats().sendRequests()).isZero();
        assertThat(emulator.stats().tokenRequests()).isEqualTo(1);
    }

    @Test
    void resetStatsZeroesTheCountersAndStartsFlakyTokensOver() {
        String token = TokenRules.flakyToken(1, "reset");
        sendV1(token);
        sendV1(token);

        emulator.resetStats();

        assertThat(emulator.stats().sendRequests()).isZero();
        assertThat(emulator.stats().tokensReceived()).isZero();
        assertThat(emulator.stats().attempts(token)).isZero();
        assertThat(emulator.stats().deliveriesByToken()).isEmpty();
        assertThat(sendV1(token).statusCode()).isEqualTo(503);
    }

    @Test
    void hasCountedAnAnswerByTheTimeTheClientHasReadIt() {
        for (int i = 0; i < 20; i++) {
            sendV1("visible");
            assertThat(emulator.stats().deliveries("visible")).isEqualTo(i + 1);
        }
    }

    @Test
    void handsOutCopiesOfThePerTokenMaps() {
        sendV1("copied");
        Map<String, Long> copy = emulator.stats().deliveriesByToken();

        sendV1("copied");

        assertThat(copy).containsEntry("copied", 1L);
        assertThatThrownBy(() -> copy.put("x", 1L)).isInstanceOf(UnsupportedOperationException.class);
    }

    private static HttpResponse<String> sendV1(String token) {
        return http.post(emulator.v1SendUrl(PROJECT), "{\"message\":{\"token\":\"" + token + "\"}}",
                "Authorization", "Bearer " + bearer);
    }

    private static void sendLegacy(String body) {
        http.post(emulator.legacySendUrl(), body, "Authorization", LEGACY_AUTH);
    }
}
