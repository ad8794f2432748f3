package io.pushgateway.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;

/**
 * Control endpoints under {@code /emulator/}, so a test, demo or benchmark can drive an emulator
 * running in another process. They mirror the in-process API of {@link FcmEmulator}:
 *
 * <ul>
 *   <li>{@code POST /emulator/outage} {@code {"kind":"none|unavailable|rate-limited|timeout|refuse|internal",
 *       "retryAfterSeconds":5,"hangMillis":30000}} (retryAfterSeconds defaults to 1, hangMillis to 30000);
 *       {@code GET} shows the current one. A {@code refuse} outage is in force when its answer is
 *       written, but the socket closes just after it, so a caller that needs the port closed should
 *       wait until connecting fails. From then on these endpoints are unreachable as well, so only
 *       the in-process API can end that outage.</li>
 *   <li>{@code POST /emulator/latency} {@code {"fixedMillis":20,"jitterMillis":5}}; {@code GET} shows it.</li>
 *   <li>{@code POST /emulator/revoke-tokens}: every access token granted so far is answered 401.</li>
 *   <li>{@code POST /emulator/token-endpoint} {@code {"failing":true}}: {@code /token} answers 503.</li>
 *   <li>{@code GET /emulator/stats}: the counters of {@link EmulatorStats} and the per-token maps.</li>
 *   <li>{@code GET /emulator/summary}: the counters without the per-token maps, plus first/last send
 *       time, distinct and duplicate deliveries and the publish-to-receipt latencies of sends whose
 *       data carried {@code bench_ts} (benchmarks).</li>
 *   <li>{@code POST /emulator/reset}: the same as {@link FcmEmulator#resetStats()}.</li>
 *   <li>{@code POST /emulator/goaway}: the same as {@link FcmEmulator#goAway()}: every open HTTP/2
 *       connection gets GOAWAY (its streams already taken are still answered, then it closes;
 *       clients must re-send what it refused on a new connection) and every HTTP/1.1 connection
 *       closes once its current answer is out, this call's own connection included.</li>
 * </ul>
 */
final class AdminHandler implements CallHandler {

    static final String CONTEXT = "/emulator/";
    private static final long DEFAULT_RETRY_AFTER_SECONDS = 1;
    private static final long DEFAULT_HANG_MILLIS = 30_000;

    private final FcmEmulator emulator;

    AdminHandler(FcmEmulator emulator) {
        this.emulator = emulator;
    }

    @Override
    public void handle(HttpCall call) {
        String route = call.method() + " " + call.rawPath();
        byte[] body = call.body();
        HttpAnswer answer;
        try {
            switch (route) {
                case "POST /emulator/outage" -> {
                    Outage requested = outageFrom(JsonSupport.read(body));
                    HttpAnswer confirmation = HttpAnswer.json(200, outageJson(requested));
                    // A refuse outage closes the socket, which would swallow this answer: answer in between.
                    emulator.applyOutage(requested, () -> call.answer(confirmation));
                    return;
                }
                case "GET /emulator/outage" -> answer = HttpAnswer.json(200, outageJson(emulator.outage()));
                case "POST /emulator/latency" -> {
                    JsonNode request = JsonSupport.read(body);
                    emulator.setLatency(millis(request, "fixedMillis", 0), millis(request, "jitterMillis", 0));
                    answer = HttpAnswer.json(200, latencyJson());
                }
                case "GET /emulator/latency" -> answer = HttpAnswer.json(200, latencyJson());
                case "POST /emulator/revoke-tokens" -> {
                    emulator.revokeAccessTokens();
                    answer = HttpAnswer.json(200, JsonSupport.object().put("revoked", true));
                }
                case "POST /emulator/token-endpoint" -> {
                    boolean failing = JsonSupport.read(body).path("failing").asBoolean(false);
                    emulator.setTokenEndpointFailing(failing);
                    answer = HttpAnswer.json(200, JsonSupport.object().put("failing", failing));
                }
                case "GET /emulator/stats" -> answer = HttpAnswer.json(200, statsJson(emulator.stats()));
                case "GET /emulator/summary" -> answer = HttpAnswer.json(200, summaryJson(emulator.stats()));
                case "POST /emulator/reset" -> {
                    emulator.resetStats();
                    answer = HttpAnswer.json(200, JsonSupport.object().put("reset", true));
                }
                case "POST /emulator/goaway" -> {
                    emulator.goAway();
                    answer = HttpAnswer.json(200, JsonSupport.object().put("goaway", true));
                }
                default -> answer = HttpAnswer.json(404, errorJson("no admin endpoint " + route));
            }
        } catch (JsonProcessingException e) {
            answer = HttpAnswer.json(400, errorJson("malformed JSON: " + JsonSupport.shortReason(e)));
        } catch (IllegalArgumentException e) {
            answer = HttpAnswer.json(400, errorJson(e.getMessage()));
        }
        call.answer(answer);
    }

    static Outage outageFrom(JsonNode request) {
        String kind = request.path("kind").asText("");
        Duration retryAfter = Duration.ofSeconds(whole(request, "retryAfterSeconds", DEFAULT_RETRY_AFTER_SECONDS));
        return switch (kind) {
            case "none" -> Outage.none();
            case "unavailable" -> Outage.unavailable(retryAfter);
            case "rate-limited" -> Outage.rateLimited(retryAfter);
            case "timeout" -> Outage.timeout(millis(request, "hangMillis", DEFAULT_HANG_MILLIS));
            case "refuse" -> Outage.refuseConnections();
            case "internal" -> Outage.internalError();
            default -> throw new IllegalArgumentException(
                    "kind must be one of none, unavailable, rate-limited, timeout, refuse, internal; was '" + kind + "'");
        };
    }

    static ObjectNode outageJson(Outage outage) {
        ObjectNode json = JsonSupport.object().put("kind", outage.kind());
        if (outage instanceof Outage.Unavailable unavailable) {
            json.put("retryAfterSeconds", unavailable.retryAfter().toSeconds());
        } else if (outage instanceof Outage.RateLimited rateLimited) {
            json.put("retryAfterSeconds", rateLimited.retryAfter().toSeconds());
        } else if (outage instanceof Outage.Timeout timeout) {
            json.put("hangMillis", timeout.hang().toMillis());
        }
        return json;
    }

    static ObjectNode statsJson(EmulatorStats stats) {
        ObjectNode json = JsonSupport.object()
                .put("sendRequests", stats.sendRequests())
                .put("tokensReceived", stats.tokensReceived())
                .put("tokenRequests", stats.tokenRequests())
                .put("totalDeliveries", stats.totalDeliveries());
        putCounts(json.putObject("deliveries"), stats.deliveriesByToken());
        putCounts(json.putObject("attempts"), stats.attemptsByToken());
        return json;
    }

    static ObjectNode summaryJson(EmulatorStats stats) {
        PublishLatencies latencies = stats.publishLatencies();
        ObjectNode json = JsonSupport.object()
                .put("sendRequests", stats.sendRequests())
                .put("tokensReceived", stats.tokensReceived())
                .put("totalDeliveries", stats.totalDeliveries())
                .put("distinctDelivered", stats.distinctDelivered())
                .put("duplicateDeliveries", stats.duplicateDeliveries())
                .put("firstSendMillis", stats.firstSendMillis())
                .put("lastSendMillis", stats.lastSendMillis());
        json.putObject("publishLatencyMillis")
                .put("count", latencies.count())
                .put("p50", latencies.percentile(50))
                .put("p99", latencies.percentile(99))
                .put("max", latencies.max());
        return json;
    }

    private ObjectNode latencyJson() {
        LatencyProfile latency = emulator.latency();
        return JsonSupport.object()
                .put("fixedMillis", latency.fixed().toMillis())
                .put("jitterMillis", latency.jitter().toMillis());
    }

    private static void putCounts(ObjectNode target, Map<String, Long> counts) {
        counts.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> target.put(entry.getKey(), entry.getValue()));
    }

    private static Duration millis(JsonNode request, String field, long fallback) {
        return Duration.ofMillis(whole(request, field, fallback));
    }

    private static long whole(JsonNode request, String field, long fallback) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || value.asLong() < 0) {
            throw new IllegalArgumentException(field + " must be a whole number >= 0; was " + value);
        }
        return value.asLong();
    }

    private static ObjectNode errorJson(String message) {
        return JsonSupport.object().put("error", message);
    }
}
