package io.pushgateway.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Control endpoints under {@code /emulator/}, so a test, demo or benchmark can drive an emulator
 * running in another process. They mirror the in-process API of {@link FcmEmulator}:
 *
 * <ul>
 *   <li>{@code POST /emulator/outage} {@code {"kind":"none|unavailable|rate-limited|timeout|refuse|internal",
 *       "retryAfterSeconds":5,"hangMillis":30000}} (retryAfterSeconds defaults to 1, hangMillis to 30000);
 *       {@code GET} shows the current one, and under {@code "projects"} those of single projects
 *       ({@code {"kind":"none","projects":{"p2":{"kind":"unavailable","retryAfterSeconds":1}}}}).
 *       With {@code "project":"p2"} the outage applies only to v1 sends to that project
 *       ({@link FcmEmulator#setOutage(String, Outage)}; kind {@code none} ends it; {@code refuse}
 *       is refused with 400); without a project, kind {@code none} ends every outage.
 *       A {@code refuse} outage is in force when its answer is
 *       written, but the socket closes just after it, so a caller that needs the port closed should
 *       wait until connecting fails. From then on these endpoints are unreachable as well, so only
 *       the in-process API can end that outage.</li>
 *   <li>{@code POST /emulator/latency} {@code {"fixedMillis":20,"jitterMillis":5}}; {@code GET} shows it.</li>
 *   <li>{@code POST /emulator/revoke-tokens}: every access token granted so far is answered 401.</li>
 *   <li>{@code POST /emulator/token-endpoint} {@code {"failing":true}}: {@code /token} answers 503.</li>
 *   <li>{@code GET /emulator/stats}: the counters of {@link EmulatorStats}, the per-target maps
 *       ({@code deliveries}, {@code attempts}, {@code validations}), {@code deliveriesByKind} and per
 *       project {@code projects: {"p": {"sends","deliveries","validations","accounts":[client_email...]}}}.</li>
 *   <li>{@code GET /emulator/last-message/<target>} (the target percent-encoded as one path segment):
 *       {@code {"target":"...","message":{...}}}, the last v1 message received for it
 *       ({@link FcmEmulator#lastMessageFor(String)}); 404 when there is none.</li>
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
    private static final String LAST_MESSAGE = "/emulator/last-message/";
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
            if ("GET".equals(call.method()) && call.rawPath().startsWith(LAST_MESSAGE)) {
                call.answer(lastMessage(call.rawPath().substring(LAST_MESSAGE.length())));
                return;
            }
            switch (route) {
                case "POST /emulator/outage" -> {
                    JsonNode request = JsonSupport.read(body);
                    Outage requested = outageFrom(request);
                    Optional<String> project = projectFrom(request);
                    if (project.isPresent()) {
                        emulator.setOutage(project.get(), requested);
                        answer = HttpAnswer.json(200, outageJson(requested).put("project", project.get()));
                        break;
                    }
                    HttpAnswer confirmation = HttpAnswer.json(200, outageJson(requested));
                    // A refuse outage closes the socket, which would swallow this answer: answer in between.
                    emulator.applyOutage(requested, () -> call.answer(confirmation));
                    return;
                }
                case "GET /emulator/outage" -> answer = HttpAnswer.json(200, allOutagesJson());
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

    private static Optional<String> projectFrom(JsonNode request) {
        JsonNode project = request.get("project");
        if (project == null || project.isNull()) {
            return Optional.empty();
        }
        if (!project.isTextual() || project.asText().isEmpty()) {
            throw new IllegalArgumentException("project must be a non-empty string; was " + project);
        }
        return Optional.of(project.asText());
    }

    private ObjectNode allOutagesJson() {
        ObjectNode json = outageJson(emulator.outage());
        ObjectNode projects = json.putObject("projects");
        emulator.projectOutages().forEach((project, outage) -> projects.set(project, outageJson(outage)));
        return json;
    }

    private HttpAnswer lastMessage(String encodedTarget) {
        // URLDecoder is for forms, where '+' is a space; in a path it is a plus.
        String target = URLDecoder.decode(encodedTarget.replace("+", "%2B"), StandardCharsets.UTF_8);
        Optional<JsonNode> message = emulator.lastMessageFor(target);
        if (message.isEmpty()) {
            return HttpAnswer.json(404, errorJson("no v1 message received for target '" + target + "'"));
        }
        ObjectNode json = JsonSupport.object().put("target", target);
        json.set("message", message.get());
        return HttpAnswer.json(200, json);
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
                .put("totalDeliveries", stats.totalDeliveries())
                .put("totalValidations", stats.totalValidations());
        putCounts(json.putObject("deliveries"), stats.deliveriesByToken());
        putCounts(json.putObject("attempts"), stats.attemptsByToken());
        putCounts(json.putObject("validations"), stats.validationsByTarget());
        ObjectNode byKind = json.putObject("deliveriesByKind");
        stats.deliveriesByKind().forEach((kind, count) -> byKind.put(kind.jsonName(), count));
        ObjectNode projects = json.putObject("projects");
        stats.projects().forEach((name, project) -> {
            ObjectNode projectJson = projects.putObject(name)
                    .put("sends", project.sends())
                    .put("deliveries", project.deliveries())
                    .put("validations", project.validations());
            ArrayNode accounts = projectJson.putArray("accounts");
            project.accounts().forEach(accounts::add);
        });
        return json;
    }

    static ObjectNode summaryJson(EmulatorStats stats) {
        PublishLatencies latencies = stats.publishLatencies();
        ObjectNode json = JsonSupport.object()
                .put("sendRequests", stats.sendRequests())
                .put("tokensReceived", stats.tokensReceived())
                .put("totalDeliveries", stats.totalDeliveries())
                .put("totalValidations", stats.totalValidations())
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
