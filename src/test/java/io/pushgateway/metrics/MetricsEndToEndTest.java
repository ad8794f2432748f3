package io.pushgateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgateway.testsupport.Await;
import io.pushgateway.testsupport.GatewayTestBase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The whole flow, then the counters as Prometheus scrapes them from /actuator/prometheus. */
@AutoConfigureObservability(tracing = false)
class MetricsEndToEndTest extends GatewayTestBase {

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.core.env.Environment environment;

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        registerBroker(registry, "metrics");
    }

    @Test
    void countsTokensByOutcomeDeadLettersRetriesCallsAndRefreshesInThePrometheusText() throws Exception {
        Map<String, Double> before = scrape();
        String ok = unique("ok-");
        String flaky = unique("flaky1-");
        broker.publishRequest("""
                {"title":"t","message_id":"%s","registration_tokens":["%s","%s","%s","%s"]}"""
                .formatted(unique("metrics-"), ok, flaky, unique("error-UNREGISTERED-"), unique("error-UNSPECIFIED_ERROR-")));
        broker.publishRaw("not json".getBytes(), unique("metrics-bad-"));

        Await.until("the flaky token delivered on its retry", Duration.ofSeconds(20),
                () -> emulator().stats().deliveries(flaky) == 1);
        Map<String, Double> after = scrape();

        assertThat(delta(before, after, "push_tokens_total{application=\"push-gateway\",outcome=\"delivered\",project=\"default\",reason=\"none\"}"))
                .isEqualTo(2);
        assertThat(delta(before, after, "push_tokens_total{application=\"push-gateway\",outcome=\"token_delete\",project=\"default\",reason=\"UNREGISTERED\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "push_tokens_total{application=\"push-gateway\",outcome=\"retry\",project=\"default\",reason=\"UNAVAILABLE\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "push_requests_dead_lettered_total{application=\"push-gateway\",error=\"fcm-UNSPECIFIED_ERROR\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "push_requests_dead_lettered_total{application=\"push-gateway\",error=\"invalid-json\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "push_retries_total{application=\"push-gateway\",level=\"1\"}")).isEqualTo(1);
        assertThat(delta(before, after, "push_requests_consumed_total{application=\"push-gateway\"}")).isEqualTo(3);
        assertThat(delta(before, after, "push_fcm_call_seconds_count{application=\"push-gateway\",project=\"default\",provider=\"v1\",status=\"200\"}"))
                .isEqualTo(2);
        assertThat(after).containsKey("push_fcm_call_seconds_bucket{application=\"push-gateway\",project=\"default\",provider=\"v1\",status=\"200\",le=\"+Inf\"}");
        assertThat(after.get("push_fcm_circuit_state{application=\"push-gateway\",project=\"default\",state=\"closed\"}")).isEqualTo(1.0);
        assertThat(after.get("push_fcm_circuit_state{application=\"push-gateway\",project=\"default\",state=\"open\"}")).isEqualTo(0.0);
        assertThat(after.get("push_oauth_refreshes_total{application=\"push-gateway\",project=\"default\"}")).isGreaterThanOrEqualTo(1.0);
        assertThat(after).containsKey("push_fcm_sends_in_flight{application=\"push-gateway\"}");
    }

    @Test
    void servesLivenessAndReadinessProbesWithTheBrokerInReadiness() throws Exception {
        assertThat(get("/actuator/health/liveness")).contains("\"UP\"");
        assertThat(get("/actuator/health/readiness")).contains("\"UP\"");
        assertThat(get("/actuator/health")).contains("\"UP\"");
        // Readiness follows the broker connection: the readiness group holds the rabbit indicator.
        assertThat(environment.getProperty("management.endpoint.health.group.readiness.include"))
                .contains("rabbit");
        assertThat(camel.getRegistry().lookupByName("rabbitHealthContributor")).isNotNull();
    }

    @Test
    void saysInItsMetricsAndItsInfoThatTheEmulatorAnswers() throws Exception {
        // The test gateway has no credentials, so it runs on the emulator, as java -jar does.
        assertThat(scrape()).containsEntry("push_provider_info{application=\"push-gateway\",provider=\"emulator\"}", 1.0)
                .doesNotContainKey("push_provider_info{application=\"push-gateway\",provider=\"fcm\"}");
        assertThat(get("/actuator/info")).contains("\"push\":{\"provider\":\"emulator\"")
                .contains("nothing reaches a real device");
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    private Map<String, Double> scrape() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Double> values = new HashMap<>();
        response.body().lines().filter(l -> l.startsWith("push_")).forEach(line -> {
            int space = line.lastIndexOf(' ');
            values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        });
        return values;
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        assertThat(after).as("series %s", series).containsKey(series);
        return after.get(series) - before.getOrDefault(series, 0.0);
    }
}
