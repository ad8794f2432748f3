package io.pushgateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmulatorStatsTest {

    private static final String PROJECT = "stats-project";
    private static final String LEGACY_AUTH = "key=" + EmulatorSettings.DEFAULT_LEGACY_API_KEY;

    @RegisterExtension
    static final RunningEmulator fcm = RunningEmulator.serving(PROJECT);

    private static final EmulatorHttp http = new EmulatorHttp();

    @BeforeEach
    void startCountingAfresh() {
        fcm.emulator().setOutage(Outage.none());
        fcm.emulator().resetStats();
    }

    @Test
    void countsSendRequestsAndTokensAcrossBothApis() {
        sendV1("one");
        sendLegacy("{\"registration_ids\":[\"two\",\"three\"]}");

        assertThat(fcm.emulator().stats().sendRequests()).isEqualTo(2);
        assertThat(fcm.emulator().stats().tokensReceived()).isEqualTo(3);
        assertThat(fcm.emulator().stats().deliveriesByToken()).isEqualTo(Map.of("one", 1L, "two", 1L, "three", 1L));
        assertThat(fcm.emulator().stats().totalDeliveries()).isEqualTo(3);
    }

    @Test
    void countsAnAttemptButNoDeliveryForFailedTokens() {
        String token = TokenRules.errorToken("UNREGISTERED", "gone");

        sendV1(token);
        sendLegacy("{\"to\":\"" + token + "\"}");

        assertThat(fcm.emulator().stats().attempts(token)).isEqualTo(2);
        assertThat(fcm.emulator().stats().deliveries(token)).isZero();
    }

    @Test
    void countsEveryAttemptOfAFlakyTokenAndOnlyTheSuccessfulOneAsDelivery() {
        String token = TokenRules.flakyToken(2, "counted");

        sendV1(token);
        sendV1(token);
        sendV1(token);

        assertThat(fcm.emulator().stats().attempts(token)).isEqualTo(3);
        assertThat(fcm.emulator().stats().deliveries(token)).isEqualTo(1);
    }

    @Test
    void countsDryRunsAsAttemptsButNotAsDeliveries() {
        http.post(fcm.emulator().v1SendUrl(PROJECT), "{\"message\":{\"token\":\"dry\"},\"validate_only\":true}",
                "Authorization", "Bearer " + fcm.bearer());
        sendLegacy("{\"to\":\"dry\",\"dry_run\":true}");

        assertThat(fcm.emulator().stats().attempts("dry")).isEqualTo(2);
        assertThat(fcm.emulator().stats().deliveries("dry")).isZero();
    }

    @Test
    void countsARequestRejectedFor401ButNotItsTokens() {
        http.post(fcm.emulator().v1SendUrl(PROJECT), "{\"message\":{\"token\":\"sneaky\"}}", "Authorization", "Bearer wrong");

        assertThat(fcm.emulator().stats().sendRequests()).isEqualTo(1);
        assertThat(fcm.emulator().stats().tokensReceived()).isZero();
        assertThat(fcm.emulator().stats().attempts("sneaky")).isZero();
    }

    @Test
    void countsTheTokensOfSendsAnsweredByAnOutage() {
        fcm.emulator().setOutage(Outage.unavailable(Duration.ofSeconds(1)));

        sendV1("during-outage");
        sendLegacy("{\"registration_ids\":[\"during-outage\"]}");

        assertThat(fcm.emulator().stats().attempts("during-outage")).isEqualTo(2);
        assertThat(fcm.emulator().stats().deliveries("during-outage")).isZero();
    }

    @Test
    void leavesTokenGrantsOutOfTheSendCountButCountsThemAsTokenRequests() {
        fcm.account().accessToken(http, fcm.emulator().tokenUrl());

        assertThat(fcm.emulator().stats().sendRequests()).isZero();
        assertThat(fcm.emulator().stats().tokenRequests()).isEqualTo(1);
    }

    @Test
    void resetStatsZeroesTheCountersAndStartsFlakyTokensOver() {
        String token = TokenRules.flakyToken(1, "reset");
        sendV1(token);
        sendV1(token);

        fcm.emulator().resetStats();

        assertThat(fcm.emulator().stats().sendRequests()).isZero();
        assertThat(fcm.emulator().stats().tokensReceived()).isZero();
        assertThat(fcm.emulator().stats().attempts(token)).isZero();
        assertThat(fcm.emulator().stats().deliveriesByToken()).isEmpty();
        assertThat(sendV1(token).statusCode()).isEqualTo(503);
    }

    @Test
    void hasCountedAnAnswerByTheTimeTheClientHasReadIt() {
        for (int i = 0; i < 20; i++) {
            sendV1("visible");
            assertThat(fcm.emulator().stats().deliveries("visible")).isEqualTo(i + 1);
        }
    }

    @Test
    void handsOutCopiesOfThePerTokenMaps() {
        sendV1("copied");
        Map<String, Long> copy = fcm.emulator().stats().deliveriesByToken();

        sendV1("copied");

        assertThat(copy).containsEntry("copied", 1L);
        assertThatThrownBy(() -> copy.put("x", 1L)).isInstanceOf(UnsupportedOperationException.class);
    }

    private static HttpResponse<String> sendV1(String token) {
        return http.post(fcm.emulator().v1SendUrl(PROJECT), "{\"message\":{\"token\":\"" + token + "\"}}",
                "Authorization", "Bearer " + fcm.bearer());
    }

    private static void sendLegacy(String body) {
        http.post(fcm.emulator().legacySendUrl(), body, "Authorization", LEGACY_AUTH);
    }
}
