package io.pushgateway.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** files/dashboards/push-gateway.json: the panels the issue asks for, on the gateway's metric names. */
class GrafanaDashboardTest {

    private static final Path DASHBOARD = HelmChart.CHART.resolve("files/dashboards/push-gateway.json");

    @Test
    void dashboardShowsThroughputErrorsLatencyBreakerRetriesAndSendsInFlight() throws IOException {
        List<String> queries = queries();

        assertThat(queries).anySatisfy(q -> assertThat(q).contains("push_tokens_total").contains("by (outcome)"));
        assertThat(queries).anySatisfy(q -> assertThat(q).contains("push_requests_dead_lettered_total").contains("by (error)"));
        assertThat(queries).anySatisfy(q -> assertThat(q).contains("push_tokens_total").contains("reason"));
        for (String quantile : List.of("0.5", "0.95", "0.99")) {
            assertThat(queries).anySatisfy(q -> assertThat(q)
                    .startsWith("histogram_quantile(" + quantile + ",").contains("push_fcm_call_seconds_bucket"));
        }
        assertThat(queries).anySatisfy(q -> assertThat(q).contains("push_fcm_circuit_state").contains("open"));
        assertThat(queries).anySatisfy(q -> assertThat(q).contains("push_retries_total").contains("by (level)"));
        assertThat(queries).anySatisfy(q -> assertThat(q).contains("push_fcm_sends_in_flight"));
    }

    @Test
    void everyPanelQueriesOnlyTheGatewaysMetricsThroughTheChosenDataSource() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());

        assertThat(dashboard.path("uid").asText()).isEqualTo("push-gateway");
        assertThat(dashboard.path("panels")).isNotEmpty().allSatisfy(panel -> {
            assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
            assertThat(panel.path("targets")).isNotEmpty().allSatisfy(target ->
                    assertThat(target.path("expr").asText()).containsPattern("\\bpush_[a-z_]+"));
        });
    }

    private static List<String> queries() throws IOException {
        List<String> queries = new ArrayList<>();
        new ObjectMapper().readTree(DASHBOARD.toFile()).path("panels")
                .forEach(panel -> panel.path("targets").forEach(t -> queries.add(t.path("expr").asText())));
        return queries;
    }
}
