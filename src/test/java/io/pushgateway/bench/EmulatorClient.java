package io.pushgateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auth.oauth2.GoogleCredentials;
import io.pushgateway.emulator.EmulatorLoadGenerator;
import io.pushgateway.emulator.EmulatorSettings;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The emulator's admin endpoints, and ceiling runs that call its send endpoints directly ({@link EmulatorLoadGenerator}). */
final class EmulatorClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Not counted: lets the emulator's JIT and connection set-up settle before the measured window. */
    private static final Duration CEILING_WARM_UP = Duration.ofSeconds(1);

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

    /**
     * Sets the delay of every send answer from now on ({@code POST /emulator/latency}, no jitter),
     * the same as the emulator's --latency-ms at start, and returns the delay it now has.
     */
    long latency(long millis) {
        JsonNode answer = call("POST", "/emulator/latency", "{\"fixedMillis\":" + millis + ",\"jitterMillis\":0}");
        long now = answer.path("fixedMillis").asLong(-1);
        if (now != millis) {
            throw new IllegalStateException("the emulator's latency is " + answer + " after asking for " + millis + " ms");
        }
        return now;
    }

    private JsonNode call(String method, String path) {
        return call(method, path, "{}");
    }

    private JsonNode call(String method, String path, String body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                    .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
            HttpResponse<byte[]> response = admin.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException("emulator admin " + method + " " + path + " failed: " + e, e);
        }
    }

    /**
     * The result of one ceiling run: tokens answered 200 per second at a fixed number of calls in
     * flight, and the CPU seconds the load generator's JVM used meanwhile (it shares the machine).
     */
    record Ceiling(String shape, int concurrency, int tokensPerCall, CeilingLoad.HttpVersion httpVersion, long calls,
                   long tokens, double seconds, double tokensPerSecond, long failedCalls, double generatorCpuSeconds,
                   double runSeconds) {
    }

    /**
     * Calls the emulator directly with {@code concurrency} calls in flight, each addressing
     * {@code tokensPerCall} tokens: v1 (one token, OAuth) or legacy (a multicast). A short warm-up
     * is not counted; then {@code duration} is measured, speaking {@code version} (see {@link CeilingLoad}).
     */
    Ceiling ceiling(boolean v1, int concurrency, int tokensPerCall, CeilingLoad.HttpVersion version, Duration duration,
                    Path serviceAccount, String projectId) throws Exception {
        URI base = URI.create(baseUrl);
        EmulatorLoadGenerator.Target target = v1
                ? EmulatorLoadGenerator.Target.v1(base.getHost(), base.getPort(), projectId, accessToken(serviceAccount))
                : EmulatorLoadGenerator.Target.legacy(base.getHost(), base.getPort(), EmulatorSettings.DEFAULT_LEGACY_API_KEY, tokensPerCall);
        EmulatorLoadGenerator.Result result = CeilingLoad.run(target, concurrency, CEILING_WARM_UP, duration, version);
        long failed = result.ioFailures() + result.otherStatuses().values().stream().mapToLong(Long::longValue).sum();
        if (failed > 0) {
            System.out.println("  (ceiling run: " + failed + " calls failed: statuses " + result.otherStatuses()
                    + ", I/O errors " + result.ioFailures() + ")");
        }
        return new Ceiling((v1 ? "v1" : "legacy") + " x" + result.tokensPerCall(), concurrency, result.tokensPerCall(),
                version, result.calls(), result.tokens(), result.seconds(), result.tokensPerSecond(), failed,
                result.generatorCpuSeconds(), result.runSeconds());
    }

    /** A v1 access token from the emulator's /token endpoint, the way the gateway gets one. */
    private static String accessToken(Path serviceAccount) throws Exception {
        GoogleCredentials credentials;
        try (InputStream in = Files.newInputStream(serviceAccount)) {
            credentials = GoogleCredentials.fromStream(in)
                    .createScoped(List.of("https://www.googleapis.com/auth/firebase.messaging"));
        }
        return credentials.refreshAccessToken().getTokenValue();
    }

    /**
     * A ceiling run against an emulator that is already running, e.g. for profiling it:
     * {@code EmulatorClient <baseUrl> v1|legacy <concurrency> <tokensPerCall> <seconds> [serviceAccountFile] [projectId]}
     * (HTTP/1.1).
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: EmulatorClient <baseUrl> v1|legacy <concurrency> <tokensPerCall> <seconds> "
                    + "[serviceAccountFile] [projectId]");
            System.exit(2);
        }
        boolean v1 = args[1].equals("v1");
        Path serviceAccount = args.length > 5 ? Path.of(args[5]) : null;
        String projectId = args.length > 6 ? args[6] : "bench-project";
        Ceiling ceiling = new EmulatorClient(args[0]).ceiling(v1, Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                CeilingLoad.HttpVersion.HTTP_1_1, Duration.ofSeconds(Long.parseLong(args[4])), serviceAccount, projectId);
        System.out.printf(Locale.ROOT, "ceiling %s, %d in flight: %,d calls in %.0f s = %,.0f calls/s, %,.0f tokens/s; "
                        + "generator CPU %.2f s in %.1f s%n", ceiling.shape(), ceiling.concurrency(), ceiling.calls(),
                ceiling.seconds(), ceiling.calls() / ceiling.seconds(), ceiling.tokensPerSecond(),
                ceiling.generatorCpuSeconds(), ceiling.runSeconds());
    }
}
