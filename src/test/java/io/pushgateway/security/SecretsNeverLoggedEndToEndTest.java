package io.pushgateway.security;

import static io.pushgateway.testsupport.BrokerProbe.withMessageId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushgateway.testsupport.Await;
import io.pushgateway.testsupport.GatewayTestBase;
import io.pushgateway.testsupport.PrivateRabbitNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.amqp.core.Message;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The whole flow (OAuth, sends, a refused access token, events, retries, dead letters) with every
 * logger at DEBUG; then every captured line, event and dead letter is searched for secrets and
 * whole registration tokens.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "logging.level.root=DEBUG")
class SecretsNeverLoggedEndToEndTest extends GatewayTestBase {

    static final String BROKER_PASSWORD = "Br0ker-Pa55-never-logged";

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        PrivateRabbitNode node = PrivateRabbitNode.shared();
        registerBroker(registry, "secrets");
        try {
            node.ctl("add_user", "secrets-user", BROKER_PASSWORD);
        } catch (IllegalStateException alreadyThere) {
            node.ctl("change_password", "secrets-user", BROKER_PASSWORD);
        }
        node.ctl("set_permissions", "-p", "secrets", "secrets-user", ".*", ".*", ".*");
        registry.add("spring.rabbitmq.username", () -> "secrets-user");
        registry.add("spring.rabbitmq.password", () -> BROKER_PASSWORD);
    }

    @Test
    void keepsCredentialsAccessTokensAndWholeDeviceTokensOutOfLogsEventsAndDeadLetters(CapturedOutput output)
            throws Exception {
        String id = unique("secrets-");
        List<String> deviceTokens = List.of(unique("ok-") + "-0123456789abcdef", unique("flaky1-") + "-0123456789abcdef",
                unique("error-UNREGISTERED-") + "-0123456789abcdef", unique("error-UNSPECIFIED_ERROR-") + "-0123456789abcdef");
        emulator().revokeAccessTokens();
        broker.publishRequest("{\"title\":\"t\",\"message_id\":\"" + id + "\",\"registration_tokens\":[\""
                + String.join("\",\"", deviceTokens) + "\"]}");
        Await.until("the flaky token delivered on its retry", Duration.ofSeconds(30),
                () -> emulator().stats().deliveries(deviceTokens.get(1)) == 1);
        List<Message> produced = new ArrayList<>();
        produced.addAll(broker.await("push.token.deletes", withMessageId(id), 1, Duration.ofSeconds(10)));
        produced.addAll(broker.await("push.dead", withMessageId(id), 1, Duration.ofSeconds(10)));

        List<String> secrets = new ArrayList<>(List.of(BROKER_PASSWORD, "ya29."));
        secrets.addAll(privateKeyFragments());
        String logs = output.getAll();
        assertThat(logs.lines().count()).as("DEBUG logging was on").isGreaterThan(500);
        for (String secret : secrets) {
            assertThat(logs).as("logs").doesNotContain(secret);
            for (Message m : produced) {
                assertThat(new String(m.getBody(), StandardCharsets.UTF_8) + m.getMessageProperties().getHeaders())
                        .as("published message").doesNotContain(secret);
            }
        }
        for (String token : deviceTokens) {
            assertThat(logs).as("whole device token in logs").doesNotContain(token);
        }
    }

    /**
     * Pieces of the service-account private key the emulator wrote for this gateway: the newest file
     * whose token_uri is this gateway's emulator (older runs leave their files in the temp folder).
     */
    private List<String> privateKeyFragments() throws Exception {
        var json = new ObjectMapper();
        String tokenUri = emulator().tokenUrl();
        Path file;
        try (var dirs = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            file = dirs.filter(p -> p.getFileName().toString().startsWith("push-gateway-emulator"))
                    .map(p -> p.resolve("emulator-service-account.json"))
                    .filter(Files::isRegularFile)
                    .filter(f -> tokenUri.equals(read(json, f).path("token_uri").asText()))
                    .max(Comparator.comparingLong(f -> f.toFile().lastModified()))
                    .orElseThrow(() -> new AssertionError("no service-account file for " + tokenUri));
        }
        String key = read(json, file).get("private_key").asText();
        String base64 = key.replaceAll("-----[A-Z ]+-----", "").replace("\n", "");
        return List.of(base64.substring(100, 140), base64.substring(800, 840));
    }

    private static JsonNode read(ObjectMapper json, Path file) {
        try {
            return json.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
