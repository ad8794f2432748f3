package io.pushgateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushgateway.testsupport.Await;
import io.pushgateway.testsupport.GatewayTestBase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/** push.logging.json=true: one JSON object per line, each line of a request's processing tagged with its id. */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "push.logging.json=true")
class JsonLogsEndToEndTest extends GatewayTestBase {

    private final ObjectMapper json = new ObjectMapper();

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        registerBroker(registry, "json-logs");
    }

    @Test
    void tagsEveryLogLineOfARequestWithItsMessageIdAcrossThreads(CapturedOutput output) throws Exception {
        String id = unique("json-log-");
        broker.publishRequest("{\"title\":\"t\",\"message_id\":\"" + id + "\",\"registration_tokens\":[\""
                + unique("flaky1-") + "\",\"" + unique("ok-") + "\"]}");

        Await.until("both attempts logged", Duration.ofSeconds(20),
                () -> output.getOut().lines().filter(l -> l.contains("Request " + id + " attempt")).count() == 2);
        List<JsonNode> lines = output.getOut().lines().filter(l -> l.contains("Request " + id))
                .map(this::parse).toList();
        assertThat(lines).hasSize(2);
        for (JsonNode line : lines) {
            assertThat(line.path("push.message_id").asText()).isEqualTo(id);
            assertThat(line.path("level").asText()).isEqualTo("INFO");
        }
        // The planning step runs on an FCM send thread, not the consumer's: the id travelled.
        assertThat(lines).extracting(l -> l.path("thread_name").asText()).allMatch(t -> t.startsWith("fcm-send-"));
    }

    private JsonNode parse(String line) {
        try {
            return json.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not a JSON log line: " + line, e);
        }
    }
}
