package io.pushgateway.routes;

import static io.pushgateway.testsupport.BrokerProbe.withMessageId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushgateway.testsupport.GatewayTestBase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the Helm chart relies on: routes loaded from a folder named by push.routes.location, and
 * an outcome endpoint re-pointed by a property. The edited copy sends token deletes to the
 * token-update endpoint, which a property points at the dead-letter exchange: the delete event
 * can only land on push.dead if both the edited file and the property took effect.
 */
class ExternalRoutesEndToEndTest extends GatewayTestBase {

    private static final Path FOLDER = Path.of("target", "external-routes").toAbsolutePath();

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        copyAndEditRoutes();
        registerBroker(registry, "external-routes");
        registry.add("push.routes.location", () -> "file:" + FOLDER);
        registry.add("push.outcome.token-update-uri", () -> "broker:push.dlx?routingKey=push.dead");
    }

    @Test
    void loadsTheEditedRoutesFromTheFolderAndHonoursTheRePointedEndpoint() throws Exception {
        String id = unique("external-");
        broker.publishRequest("{\"title\":\"t\",\"message_id\":\"" + id + "\","
                + "\"registration_tokens\":{\"u1\":\"" + unique("error-UNREGISTERED-") + "\"}}");

        Message event = broker.await("push.dead", withMessageId(id), 1, Duration.ofSeconds(20)).get(0);
        var json = new ObjectMapper().readTree(event.getBody());
        assertThat(json.get("reason").asText()).isEqualTo("UNREGISTERED");
        assertThat(json.get("user").asText()).isEqualTo("u1");
        assertThat(broker.collect("push.token.deletes", withMessageId(id), Duration.ofMillis(300))).isEmpty();
    }

    private static void copyAndEditRoutes() {
        try {
            Files.createDirectories(FOLDER);
            try (Stream<Path> files = Files.list(Path.of("src/main/resources/routes"))) {
                for (Path file : files.toList()) {
                    String yaml = Files.readString(file);
                    if (file.getFileName().toString().equals("publish-outcomes.camel.yaml")) {
                        String edited = yaml.replace("\"{{push.outcome.token-delete-uri}}\"",
                                "\"{{push.outcome.token-update-uri}}\"");
                        assertThat(edited).isNotEqualTo(yaml);
                        yaml = edited;
                    }
                    Files.writeString(FOLDER.resolve(file.getFileName()), yaml);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
