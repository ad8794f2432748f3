package io.pushgateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LatencyTest {

    private static final String LEGACY_AUTH = "key=" + EmulatorSettings.DEFAULT_LEGACY_API_KEY;

    /** One thread (one event loop): if waiting held it, concurrent answers would queue behind each other. */
    @RegisterExtension
    static final RunningEmulator fcm = RunningEmulator.builder().threads(1).latency(Duration.ofMillis(250)).build();

    private static final EmulatorHttp http = new EmulatorHttp();

    @AfterEach
    void restoreStartLatency() {
        fcm.emulator().setLatency(Duration.ofMillis(250), Duration.ZERO);
    }

    @Test
    void holdsEverySendAnswerForTheLatencyGivenAtStart() {
        Duration took = timed(() -> sendLegacy("slow-device"));

        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }

    @Test
    void holdsErrorAnswersToo() {
        Duration took = timed(() -> http.post(fcm.emulator().legacySendUrl(), "{\"to\":\"x\"}", "Authorization", "key=wrong"));

        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }

    @Test
    void appliesANewLatencyToTheNextRequest() {
        fcm.emulator().setLatency(Duration.ofMillis(400), Duration.ZERO);

        assertThat(timed(() -> sendLegacy("slower-device"))).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void doesNotDelayTheAdminEndpoints() {
        fcm.emulator().setLatency(Duration.ofSeconds(5), Duration.ZERO);

        Duration took = timed(() -> http.get(fcm.baseUrl() + "/emulator/stats"));

        assertThat(took).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void waitsWithoutHoldingAWorkerThreadSoConcurrentAnswersOverlap() {
        int concurrent = 8;
        var client = EmulatorHttp.newClient();

        Duration took = timed(() -> {
            List<CompletableFuture<HttpResponse<String>>> answers = IntStream.range(0, concurrent)
                    .mapToObj(i -> client.sendAsync(HttpRequest.newBuilder(URI.create(fcm.emulator().legacySendUrl()))
                                    .header("Authorization", LEGACY_AUTH)
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"parallel-" + i + "\"}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()))
                    .toList();
            answers.forEach(answer -> assertThat(answer.join().statusCode()).isEqualTo(200));
        });

        // Serialised on the single worker this would take 8 x 250 ms = 2 s.
        assertThat(took).isLessThan(Duration.ofMillis(1500));
    }

    private static HttpResponse<String> sendLegacy(String token) {
        return http.post(fcm.emulator().legacySendUrl(), "{\"to\":\"" + token + "\"}", "Authorization", LEGACY_AUTH);
    }

    private static Duration timed(Runnable action) {
        long started = System.nanoTime();
        action.run();
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
