package io.pushgateway.pipeline;

import static io.pushgateway.testsupport.BrokerProbe.withMessageId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.pushgateway.emulator.Outage;
import io.pushgateway.emulator.ProjectStats;
import io.pushgateway.testsupport.Await;
import io.pushgateway.testsupport.GatewayTestBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two Firebase projects in one gateway (the default one and {@code second}), each with a service
 * account of its own made by the emulator: each request reaches FCM under its own project's path
 * with its own access token, and one project's outage opens only that project's breaker.
 */
class ProjectsEndToEndTest extends GatewayTestBase {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String DEFAULT_ID = "emulator-project";
    private static final String SECOND_ID = "second-project";
    private final ObjectMapper json = new ObjectMapper();

    @DynamicPropertySource
    static void twoProjects(DynamicPropertyRegistry registry) {
        registerBroker(registry, "e2e-projects");
        registry.add("push.emulator.protocol", () -> "v1");
        registry.add("push.fcm.projects.second.project-id", () -> SECOND_ID);
    }

    @Test
    void eachProjectsRequestsReachTheEmulatorUnderItsOwnPathWithItsOwnServiceAccount() throws Exception {
        long defaultBefore = emulator().stats().project(DEFAULT_ID).deliveries();
        long secondBefore = emulator().stats().project(SECOND_ID).deliveries();
        List<String> defaultTokens = tokens("d-", 3);
        List<String> secondTokens = tokens("s-", 4);
        broker.publishRequest(request(unique("p-default-"), json.writeValueAsString(defaultTokens), null));
        broker.publishRequest(request(unique("p-second-"), json.writeValueAsString(secondTokens), "second"));

        Await.until("every token of both projects delivered", WAIT, () -> delivered(defaultTokens) && delivered(secondTokens));
        ProjectStats first = emulator().stats().project(DEFAULT_ID);
        ProjectStats second = emulator().stats().project(SECOND_ID);
        assertThat(first.deliveries() - defaultBefore).isEqualTo(3);
        assertThat(second.deliveries() - secondBefore).isEqualTo(4);
        assertThat(first.accounts()).hasSize(1);
        assertThat(second.accounts()).hasSize(1);
        assertThat(first.accounts()).doesNotContainAnyElementsOf(second.accounts());
    }

    @Test
    void eventsOfASecondProjectRequestNameThatProject() throws Exception {
        String id = unique("p-event-");
        String dead = unique("error-UNREGISTERED-");
        broker.publishRequest(request(id, "{\"u-1\":\"" + dead + "\"}", "second"));

        JsonNode event = json.readTree(broker.await("push.token.deletes", withMessageId(id), 1, WAIT).get(0).getBody());
        assertThat(event.get("project").asText()).isEqualTo("second");
        assertThat(event.get("token").asText()).isEqualTo(dead);
        assertThat(event.get("user").asText()).isEqualTo("u-1");
    }

    @Test
    void anOutageOfOneProjectOpensOnlyItsBreakerWhileTheDefaultProjectKeepsDelivering() throws Exception {
        CircuitBreaker secondBreaker = breakers.of("second");
        CircuitBreaker defaultBreaker = breakers.of("default");
        emulator().setOutage(SECOND_ID, Outage.unavailable(Duration.ofSeconds(1)));
        String id = unique("p-outage-");
        List<String> secondTokens = tokens("out-", 40);
        broker.publishRequest(request(id, json.writeValueAsString(secondTokens), "second"));

        Await.until("the second project's circuit to open", WAIT, () -> secondBreaker.getState() == CircuitBreaker.State.OPEN);
        List<String> defaultTokens = tokens("during-", 5);
        broker.publishRequest(request(unique("p-during-"), json.writeValueAsString(defaultTokens), null));
        Await.until("the default project delivering during the outage", WAIT, () -> delivered(defaultTokens));
        assertThat(defaultBreaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(secondBreaker.getState()).isNotEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(secondTokens.stream().mapToLong(t -> emulator().stats().deliveries(t)).sum()).isZero();

        emulator().setOutage(SECOND_ID, Outage.none());
        Await.until("every token of the second project delivered once", Duration.ofSeconds(30),
                () -> secondTokens.stream().allMatch(t -> emulator().stats().deliveries(t) == 1));
        assertThat(broker.collect("push.dead", withMessageId(id), Duration.ofMillis(300))).isEmpty();
    }

    private boolean delivered(List<String> tokens) {
        return tokens.stream().allMatch(t -> emulator().stats().deliveries(t) == 1);
    }

    private static List<String> tokens(String prefix, int count) {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tokens.add(unique(prefix + i + "-"));
        }
        return tokens;
    }

    private static String request(String messageId, String registrationTokens, String project) {
        String projectField = project == null ? "" : ",\"project\":\"" + project + "\"";
        return """
                {"push_code":"PROJECTS","title":"t","body":"b","registration_tokens":%s,"message_id":"%s"%s}
                """.formatted(registrationTokens, messageId, projectField);
    }
}
