package io.pushgateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * push.logging.json=true on the packaged gateway in its own JVM (logging is global to a JVM, so
 * this is checked where nothing else shares it): one JSON object per line, and every line of a
 * request's processing tagged with its message id. The batches of a request are sent from its
 * consumer's thread (the HTTP answers arrive on Vert.x's event loops, which log nothing per request).
 */
class StructuredLogsIT extends FaultTestBase {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void writesJsonLinesTaggedWithTheMessageIdOfTheRequestOnEachAttempt() throws Exception {
        GatewayProcess gateway = startGateway(Map.of("push.logging.json", "true",
                // A request whose tokens were all delivered is logged at DEBUG (the second attempt here).
                "logging.level.io.pushgateway.outcome", "DEBUG"));
        publishRequest("{\"title\":\"t\",\"message_id\":\"json-log-1\",\"registration_tokens\":[\"flaky1-a\",\"ok-b\"]}");

        await("both attempts logged", Duration.ofSeconds(30),
                () -> gateway.logText().lines().filter(l -> l.contains("Request json-log-1 attempt")).count() == 2);
        List<String> lines = gateway.logText().lines().filter(l -> !l.isBlank()).toList();
        for (String line : lines) {
            assertThat(parse(line).has("@timestamp")).as("a JSON log line: %s", line).isTrue();
        }
        List<JsonNode> requestLines = lines.stream().filter(l -> l.contains("Request json-log-1")).map(this::parse).toList();
        assertThat(requestLines).hasSize(2);
        for (JsonNode line : requestLines) {
            assertThat(line.path("push.message_id").asText()).isEqualTo("json-log-1");
            // The request's whole processing, its batches' sends included, runs on the intake consumer.
            assertThat(line.path("thread_name").asText()).startsWith("rabbit-consumer-");
        }
    }

    private JsonNode parse(String line) {
        try {
            return json.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not a JSON log line: " + line, e);
        }
    }
}
