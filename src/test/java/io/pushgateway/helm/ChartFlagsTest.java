package io.pushgateway.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushgateway.helm.HelmChart.Rendered;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Each optional object appears with its flag on, and only then. */
class ChartFlagsTest {

    private static final String NAME = HelmChart.RELEASE;

    static Stream<Arguments> flags() {
        return Stream.of(
                Arguments.of("serviceMonitor", "serviceMonitor: {enabled: true}", List.of("ServiceMonitor/" + NAME)),
                Arguments.of("autoscaling", "autoscaling: {enabled: true}", List.of("HorizontalPodAutoscaler/" + NAME)),
                Arguments.of("keda", "keda: {enabled: true}\nbroker: {password: p}",
                        List.of("ScaledObject/" + NAME, "TriggerAuthentication/" + NAME)),
                Arguments.of("podDisruptionBudget", "podDisruptionBudget: {enabled: true}",
                        List.of("PodDisruptionBudget/" + NAME)),
                Arguments.of("dashboards", "dashboards: {enabled: true}", List.of("ConfigMap/" + NAME + "-dashboard")),
                Arguments.of("metrics.prometheusRule", "metrics: {prometheusRule: {enabled: true}}",
                        List.of("PrometheusRule/" + NAME)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flags")
    void eachFlagAddsItsObjectsWhenOn(String flag, String on, List<String> objects) {
        assertThat(HelmChart.render(on).names()).containsAll(objects);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flags")
    void eachFlagRendersNothingWhenOff(String flag, String on, List<String> objects) {
        String off = on.replace("enabled: true", "enabled: false");

        assertThat(HelmChart.render(off).names()).doesNotContainAnyElementsOf(objects);
        assertThat(HelmChart.render().names()).doesNotContainAnyElementsOf(objects);
    }

    @Test
    void allFlagsValuesFileTurnsOnEverythingButKeda() {
        Rendered chart = HelmChart.render(HelmChart.CHART.resolve("ci/all-flags-values.yaml"));

        assertThat(chart.names()).contains("ServiceMonitor/" + NAME, "HorizontalPodAutoscaler/" + NAME,
                "PodDisruptionBudget/" + NAME, "ConfigMap/" + NAME + "-dashboard", "PrometheusRule/" + NAME);
        assertThat(chart.ofKind("ScaledObject")).isEmpty();
    }

    @Test
    void replicasAreLeftToTheAutoscalerWhenAutoscalingOrKedaIsOn() {
        assertThat(HelmChart.render().deployment().path("spec").path("replicas").asInt()).isEqualTo(2);
        assertThat(HelmChart.render("autoscaling: {enabled: true}").deployment().path("spec").has("replicas")).isFalse();
        assertThat(HelmChart.render("keda: {enabled: true}\nbroker: {password: p}").deployment().path("spec").has("replicas"))
                .isFalse();
    }

    @Test
    void autoscalingAndKedaTogetherAreRefusedWithAClearMessage() {
        String message = HelmChart.renderFailure("""
                autoscaling: {enabled: true}
                keda: {enabled: true}
                broker: {password: p}
                """);

        assertThat(message).contains("autoscaling.enabled and keda.enabled are both true")
                .contains("Turn one of them off");
    }

    @Test
    void kedaScalesTheDeploymentOnTheIntakeQueueDepth() {
        Rendered chart = HelmChart.render(HelmChart.CHART.resolve("ci/keda-values.yaml"));
        JsonNode spec = chart.get("ScaledObject", NAME).path("spec");
        JsonNode trigger = spec.path("triggers").get(0);

        assertThat(spec.path("scaleTargetRef").path("name").asText()).isEqualTo(NAME);
        assertThat(trigger.path("type").asText()).isEqualTo("rabbitmq");
        assertThat(trigger.path("metadata").path("queueName").asText()).isEqualTo("push.requests");
        assertThat(trigger.path("metadata").path("mode").asText()).isEqualTo("QueueLength");
        assertThat(trigger.path("metadata").path("value").asText()).isEqualTo("500");
        assertThat(trigger.path("authenticationRef").path("name").asText()).isEqualTo(NAME);
    }

    @Test
    void kedaWatchesTheIntakeQueueTheGatewayWasToldToUse() {
        Rendered chart = HelmChart.render("""
                keda: {enabled: true}
                broker: {password: p}
                extraConfig: {PUSH_TOPOLOGY_INTAKE_QUEUE: eu.push.requests}
                """);

        assertThat(chart.get("ScaledObject", NAME).path("spec").path("triggers").get(0).path("metadata")
                .path("queueName").asText()).isEqualTo("eu.push.requests");
        assertThat(chart.config()).containsEntry("PUSH_TOPOLOGY_INTAKE_QUEUE", "eu.push.requests");
    }

    @Test
    void serviceMonitorScrapesThePrometheusEndpointOfTheMetricsService() {
        Rendered chart = HelmChart.render(HelmChart.CHART.resolve("ci/all-flags-values.yaml"));
        JsonNode monitor = chart.get("ServiceMonitor", NAME);
        JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
        JsonNode service = chart.get("Service", NAME);

        assertThat(endpoint.path("port").asText()).isEqualTo("http");
        assertThat(endpoint.path("path").asText()).isEqualTo("/actuator/prometheus");
        assertThat(service.path("spec").path("ports").findValuesAsText("name")).contains("http");
        assertThat(monitor.path("spec").path("selector").path("matchLabels").properties()).isNotEmpty();
        monitor.path("spec").path("selector").path("matchLabels").properties().forEach(label ->
                assertThat(service.path("metadata").path("labels").path(label.getKey()).asText())
                        .as("Service label %s", label.getKey()).isEqualTo(label.getValue().asText()));
        assertThat(monitor.path("metadata").path("labels").path("release").asText()).isEqualTo("kube-prometheus-stack");
    }

    @Test
    void dashboardConfigMapIsLabelledForTheGrafanaSidecar() {
        JsonNode dashboard = HelmChart.render("dashboards: {enabled: true}").get("ConfigMap", NAME + "-dashboard");

        assertThat(dashboard.path("metadata").path("labels").path("grafana_dashboard").asText()).isEqualTo("1");
        assertThat(dashboard.path("metadata").path("namespace").asText()).isEqualTo(HelmChart.NAMESPACE);
        assertThat(dashboard.path("data").path("push-gateway.json").asText()).contains("\"uid\": \"push-gateway\"");
    }
}
