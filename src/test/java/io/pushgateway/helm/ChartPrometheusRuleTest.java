package io.pushgateway.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushgateway.helm.HelmChart.Rendered;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The PrometheusRule ({@code metrics.prometheusRule.*}): which alerts it holds, what the values
 * change in them, and Prometheus' own checker on the result, parsing it and firing it on made-up series.
 */
class ChartPrometheusRuleTest {

    private static final String NAME = HelmChart.RELEASE;
    private static final String ON = "metrics: {prometheusRule: {enabled: true}}";
    private static final String WITH_BROKER = "metrics: {prometheusRule: {enabled: true, brokerMetrics: {enabled: true}}}";
    private static final Path OPERATIONS = Path.of("docs/operations.md");

    /** Every alert; the retry backlog only with the broker's metrics. */
    private static final List<String> ALERTS = List.of("PushGatewayCircuitOpen", "PushGatewayDeadLetters",
            "PushGatewayRetryShareHigh", "PushGatewayRetryBacklogGrowing", "PushGatewayTokenDeletesSpike",
            "PushGatewayIntakeWithoutConsumer", "PushGatewayNotReady", "PushGatewayEmulatorAnswering");

    @Test
    void theFlagOffRendersNoPrometheusRule() {
        assertThat(HelmChart.render().ofKind("PrometheusRule")).isEmpty();
        assertThat(HelmChart.render("metrics: {prometheusRule: {enabled: false}}").ofKind("PrometheusRule")).isEmpty();
    }

    @Test
    void theFlagOnRendersEveryAlertButTheOneThatNeedsTheBrokersMetrics() {
        assertThat(alertNames(rule(ON))).containsExactlyElementsOf(
                ALERTS.stream().filter(a -> !a.equals("PushGatewayRetryBacklogGrowing")).toList());
        assertThat(alertNames(rule(WITH_BROKER))).containsExactlyElementsOf(ALERTS);
    }

    @Test
    void everyAlertHasASeveritySummaryDescriptionAndARunbookSectionInTheOperationsGuide() throws IOException {
        String operations = Files.readString(OPERATIONS);

        assertThat(alerts(rule(WITH_BROKER))).allSatisfy(alert -> {
            String name = alert.path("alert").asText();
            assertThat(alert.path("labels").path("severity").asText()).as("severity of %s", name).isIn("critical", "warning");
            assertThat(alert.path("annotations").path("summary").asText()).as("summary of %s", name).isNotBlank();
            assertThat(alert.path("annotations").path("description").asText()).as("description of %s", name).isNotBlank();
            assertThat(alert.path("annotations").path("runbook_url").asText()).as("runbook of %s", name)
                    .isEqualTo("docs/operations.md#" + name.toLowerCase(Locale.ROOT));
            assertThat(operations).as("section of %s in %s", name, OPERATIONS).contains("\n### " + name + "\n");
        });
    }

    @Test
    void theDefaultsAreTheOnesTheIssueAsksFor() {
        JsonNode rule = rule(WITH_BROKER);

        assertThat(alert(rule, "PushGatewayCircuitOpen").path("for").asText()).isEqualTo("2m");
        assertThat(alert(rule, "PushGatewayCircuitOpen").path("labels").path("severity").asText()).isEqualTo("critical");
        assertThat(alert(rule, "PushGatewayRetryBacklogGrowing").path("for").asText()).isEqualTo("10m");
        assertThat(alert(rule, "PushGatewayDeadLetters").path("expr").asText()).endsWith("* 60 > 10");
        assertThat(alert(rule, "PushGatewayTokenDeletesSpike").path("expr").asText())
                .contains("> 10 * (").contains("offset 1d").contains("* 60 > 100");
        assertThat(alert(rule, "PushGatewayEmulatorAnswering").path("expr").asText())
                .contains("push_provider_info{").contains("provider=\"emulator\"").endsWith("== 1");
    }

    @Test
    void thresholdsForAndSeverityComeFromValues() {
        JsonNode rule = rule("""
                metrics:
                  prometheusRule:
                    enabled: true
                    alerts:
                      circuitOpen: {for: 5m, severity: warning}
                      deadLetters: {perMinute: 3}
                      tokenDeletes: {factor: 4, minPerMinute: 250}
                      retryShare: {ratio: 0.35}
                """);

        assertThat(alert(rule, "PushGatewayCircuitOpen").path("for").asText()).isEqualTo("5m");
        assertThat(alert(rule, "PushGatewayCircuitOpen").path("labels").path("severity").asText()).isEqualTo("warning");
        assertThat(alert(rule, "PushGatewayCircuitOpen").path("annotations").path("description").asText()).contains("for 5m");
        assertThat(alert(rule, "PushGatewayDeadLetters").path("expr").asText()).endsWith("* 60 > 3");
        assertThat(alert(rule, "PushGatewayTokenDeletesSpike").path("expr").asText()).contains("> 4 * (").endsWith("* 60 > 250");
        assertThat(alert(rule, "PushGatewayRetryShareHigh").path("expr").asText()).endsWith("> 0.35");
    }

    @Test
    void anAlertTurnedOffIsLeftOut() {
        JsonNode rule = rule("metrics: {prometheusRule: {enabled: true, alerts: {emulatorAnswering: {enabled: false}}}}");

        assertThat(alertNames(rule)).doesNotContain("PushGatewayEmulatorAnswering").contains("PushGatewayCircuitOpen");
    }

    @Test
    void extraLabelsGoOnTheRuleForPrometheusToSelectAndOnEveryAlertForAlertmanagerToRoute() {
        JsonNode rule = HelmChart.render(HelmChart.CHART.resolve("ci/all-flags-values.yaml")).get("PrometheusRule", NAME);

        assertThat(rule.path("metadata").path("labels").path("release").asText()).isEqualTo("kube-prometheus-stack");
        assertThat(alertNames(rule)).as("the emulator answers there on purpose").doesNotContain("PushGatewayEmulatorAnswering");
        assertThat(alerts(rule)).allSatisfy(alert ->
                assertThat(alert.path("labels").path("team").asText()).as(alert.path("alert").asText()).isEqualTo("messaging"));
        assertThat(alerts(rule)).allSatisfy(alert -> assertThat(alert.path("annotations").path("runbook_url").asText())
                .startsWith("https://git.example/push-gateway/blob/main/docs/operations.md#pushgateway"));
    }

    @Test
    void theGatewaysSeriesAreThoseOfTheServiceMonitorsJobInTheReleaseNamespace() {
        String expr = alert(rule(ON), "PushGatewayCircuitOpen").path("expr").asText();
        String chosen = alert(rule("metrics: {prometheusRule: {enabled: true, gatewaySelector: 'job=\"push\"'}}"),
                "PushGatewayCircuitOpen").path("expr").asText();

        assertThat(expr).contains("push_fcm_circuit_state{job=\"" + NAME + "\", namespace=\"" + HelmChart.NAMESPACE + "\",");
        assertThat(chosen).contains("push_fcm_circuit_state{job=\"push\", state=");
    }

    @Test
    void withoutTheBrokersMetricsADeploymentWithoutAReadyReplicaMeansNoConsumerOnTheIntake() {
        String expr = alert(rule(ON), "PushGatewayIntakeWithoutConsumer").path("expr").asText();

        assertThat(expr).contains("kube_deployment_status_replicas_ready{namespace=\"messaging\", deployment=\"" + NAME + "\"}")
                .endsWith("== 0").doesNotContain("rabbitmq_");
    }

    @Test
    void withTheBrokersMetricsTheIntakesConsumersAndTheRetryQueuesAreReadOnTheBroker() {
        JsonNode rule = rule(WITH_BROKER);

        assertThat(alert(rule, "PushGatewayIntakeWithoutConsumer").path("expr").asText())
                .contains("rabbitmq_queue_consumers{queue=\"push.requests\"}").contains("rabbitmq_queue_messages_ready{queue=\"push.requests\"}");
        assertThat(alert(rule, "PushGatewayRetryBacklogGrowing").path("expr").asText())
                .contains("rabbitmq_queue_messages_ready{queue=~`push\\.retry\\.[0-9]+`}").contains("offset 5m");
    }

    @Test
    void theBrokerAlertsFollowRenamedQueuesTheDetailedEndpointAndASelector() {
        JsonNode rule = rule("""
                metrics:
                  prometheusRule:
                    enabled: true
                    brokerMetrics: {enabled: true, prefix: rabbitmq_detailed_, selector: 'vhost="eu"'}
                extraConfig:
                  PUSH_TOPOLOGY_INTAKE_QUEUE: eu.push.requests
                  PUSH_TOPOLOGY_RETRY_QUEUE_PREFIX: eu.retry-
                """);

        assertThat(alert(rule, "PushGatewayIntakeWithoutConsumer").path("expr").asText())
                .contains("rabbitmq_detailed_queue_consumers{queue=\"eu.push.requests\", vhost=\"eu\"}");
        assertThat(alert(rule, "PushGatewayRetryBacklogGrowing").path("expr").asText())
                .contains("rabbitmq_detailed_queue_messages_ready{queue=~`eu\\.retry-[0-9]+`, vhost=\"eu\"}");
    }

    static Stream<Arguments> ruleSets() {
        return Stream.of(
                Arguments.of("the defaults", ON),
                Arguments.of("with the broker's metrics", WITH_BROKER),
                Arguments.of("with the detailed endpoint, renamed queues and a selector", """
                        metrics:
                          prometheusRule:
                            enabled: true
                            brokerMetrics: {enabled: true, prefix: rabbitmq_detailed_, selector: 'vhost="/"'}
                        extraConfig: {PUSH_TOPOLOGY_INTAKE_QUEUE: eu.push.requests, PUSH_TOPOLOGY_RETRY_QUEUE_PREFIX: eu.retry.}
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ruleSets")
    void promtoolAcceptsEveryRuleExpressionAndAnnotationTemplate(String what, String values) {
        JsonNode rule = rule(values);

        Promtool.Result result = Promtool.checkRules(rule);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: " + alerts(rule).size() + " rules found");
    }

    @Test
    void promtoolAcceptsTheAllFlagsValuesFile() {
        JsonNode rule = HelmChart.render(HelmChart.CHART.resolve("ci/all-flags-values.yaml")).get("PrometheusRule", NAME);

        Promtool.Result result = Promtool.checkRules(rule);

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void theGatewaysAlertsFireOnSeriesThatShouldTripThemAndOnlyOnThose() {
        Promtool.Result result = Promtool.testRules(rule(ON), AlertSeries.GATEWAY);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void theBrokersAlertsFireOnSeriesThatShouldTripThemAndOnlyOnThose() {
        Promtool.Result result = Promtool.testRules(rule(WITH_BROKER), AlertSeries.BROKER);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    private static JsonNode rule(String values) {
        Rendered chart = HelmChart.render(values);
        return chart.get("PrometheusRule", NAME);
    }

    private static List<JsonNode> alerts(JsonNode rule) {
        List<JsonNode> alerts = new ArrayList<>();
        rule.path("spec").path("groups").forEach(group -> group.path("rules").forEach(alerts::add));
        return alerts;
    }

    private static List<String> alertNames(JsonNode rule) {
        return alerts(rule).stream().map(a -> a.path("alert").asText()).toList();
    }

    private static JsonNode alert(JsonNode rule, String name) {
        return alerts(rule).stream().filter(a -> name.equals(a.path("alert").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no alert " + name + " among " + alertNames(rule)));
    }
}
