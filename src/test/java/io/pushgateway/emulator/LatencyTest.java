package io.pushgateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LatencyTest {

    private static final String LEGACY_AUTH = "key=" + EmulatorSettings.DEFAULT_LEGACY_API_KEY;

    /** One thread (one event loop): if waiting held it, concurrent answers would queue behind each other. */
    private static FcmEmulator emulator;
    private static EmulatorHttp http;

    @BeforeAll
    static void startEmulator() {
        emulator = FcmEmulator.start(EmulatorSettings.defaults().withThreads(1).withLatency(Duration.ofMillis(250)));
        http = new EmulatorHttp();
    }

    @AfterEach
    void restoreStartLatency() {
        emulator.setLatency(Duration.ofMillis(250), Duration.ZERO);
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    @Test
    void holdsEverySendAnswerForTheLatencyGivenAtStart() {
        Duration took = timed(() -> sendLegacy("slow-device"));

        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }

    @Test
    void holdsErrorAnswersToo() {
        Duration took = timed(() -> http.post(emulator.legacySendUrl(), "{\"to\":\"x\"}", "Authorization", "key=wrong"));

        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }

    @Test
    void appliesANewLatencyToTheNextRequest() {
        emulator.setLatency(Duration.ofMillis(400), Duration.ZERO);

        assertThat(timed(() -> sendLegacy("slower-device"))).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void doesNotDelayTheAdminEndpoints() {
        emulator.setLatency(Duration.ofSeconds(5), Duration.ZERO);

        Duration took = timed(() -> http.get(emulator.baseUrl() + "/emulator/stats"));

        assertThat(took).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void waitsWithoutHoldingAWorkerThreadSoConcurrentAnswersOverlap() {
        int concurrent = 8;
        var client = EmulatorHttp.newClient();

        Duration took = timed(() -> {
            List<CompletableFuture<HttpResponse<String>>> answers = IntStream.range(0, concurrent)
                    .mapToObj(i -> client.sendAsync(HttpRequest.newBuilder(URI.create(emulator.legacySendUrl()))
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
        return http.post(emulator.legacySendUrl(), "{\"to\":\"" + token + "\"}", "Authorization", LEGACY_AUTH);
    }

    private static Duration timed(Runnable action) {
        long started = System.nanoTime();
        action.run();
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
