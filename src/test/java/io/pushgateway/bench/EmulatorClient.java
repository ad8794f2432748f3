package io.pushgateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auth.oauth2.GoogleCredentials;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The emulator's admin endpoints, and a load generator that calls its send endpoints directly. */
final class EmulatorClient {

    static final String LEGACY_KEY = "emulator-legacy-key";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient admin = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    EmulatorClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    String baseUrl() {
        return baseUrl;
    }

    JsonNode summary() {
        return call("GET", "/emulator/summary");
    }

    void reset() {
        call("POST", "/emulator/reset");
    }

    private JsonNode call(String method, String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                    .method(method, HttpRequest.BodyPublishers.ofString("{}")).build();
            HttpResponse<byte[]> response = admin.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException("emulator admin " + method + " " + path + " failed: " + e, e);
        }
    }

    /** The result of one ceiling run: tokens answered 200 per second at a fixed number of calls in flight. */
    record Ceiling(String shape, int concurrency, int tokensPerCall, long calls, long tokens, double seconds,
                   double tokensPerSecond) {
    }

    /**
     * Calls the emulator directly for {@code duration} with {@code concurrency} calls in flight,
     * each addressing {@code tokensPerCall} tokens: v1 (one token, OAuth) or legacy (a multicast).
     */
    Ceiling ceiling(boolean v1, int concurrency, int tokensPerCall, Duration duration, Path serviceAccount,
                    String projectId) throws Exception {
        String authorization;
        String url;
        if (v1) {
            GoogleCredentials credentials;
            try (InputStream in = Files.newInputStream(serviceAccount)) {
                credentials = GoogleCredentials.fromStream(in)
                        .createScoped(List.of("https://www.googleapis.com/auth/firebase.messaging"));
            }
            authorization = "Bearer " + credentials.refreshAccessToken().getTokenValue();
            url = baseUrl + "/v1/projects/" + projectId + "/messages:send";
        } else {
            authorization = "key=" + LEGACY_KEY;
            url = baseUrl + "/fcm/send";
        }
        ExecutorService executor = Executors.newFixedThreadPool(4);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicLong calls = new AtomicLong();
        AtomicLong tokens = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long n = 0;
        try {
            while (System.nanoTime() < end) {
                if (!inFlight.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                String body = v1 ? v1Body("ceil-" + n) : legacyBody("ceil-" + n, tokensPerCall);
                n++;
                HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json; charset=UTF-8")
                        .header("Authorization", authorization)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, error) -> {
                    if (error == null && response.statusCode() == 200 && System.nanoTime() <= end) {
                        calls.incrementAndGet();
                        tokens.addAndGet(tokensPerCall);
                    } else if (error != null || response.statusCode() != 200) {
                        failed.incrementAndGet();
                    }
                    inFlight.release();
                });
            }
            inFlight.tryAcquire(concurrency, 15, TimeUnit.SECONDS);
        } finally {
            executor.shutdownNow();
        }
        double seconds = duration.toNanos() / 1e9;
        if (failed.get() > 0) {
            System.out.println("  (ceiling run: " + failed.get() + " calls failed)");
        }
        return new Ceiling((v1 ? "v1" : "legacy") + " x" + tokensPerCall, concurrency, tokensPerCall, calls.get(),
                tokens.get(), seconds, tokens.get() / seconds);
    }

    private static String v1Body(String token) {
        return "{\"message\":{\"token\":\"" + token + "\",\"notification\":{\"title\":\"bench\",\"body\":\"b\"}}}";
    }

    private static String legacyBody(String prefix, int tokens) {
        StringBuilder out = new StringBuilder("{\"registration_ids\":[");
        for (int i = 0; i < tokens; i++) {
            out.append(i == 0 ? "" : ",").append('"').append(prefix).append('-').append(i).append('"');
        }
        return out.append("],\"notification\":{\"title\":\"bench\",\"body\":\"b\"}}").toString();
    }
}
