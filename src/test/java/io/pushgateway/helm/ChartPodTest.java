package io.pushgateway.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushgateway.helm.HelmChart.Rendered;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The gateway's pod: security, probes, shutdown and the writable /tmp. */
class ChartPodTest {

    static Stream<Arguments> everyValuesSet() {
        return ChartRoutesTest.everyValuesSet();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyValuesSet")
    void runsAsNonRootOnAReadOnlyRootFilesystemWithoutCapabilities(String values, Rendered chart) {
        JsonNode pod = chart.podSpec().path("securityContext");
        JsonNode container = chart.container().path("securityContext");

        assertThat(pod.path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("runAsUser").asInt()).isEqualTo(10001);
        assertThat(pod.path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");
        assertThat(container.path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(container.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(container.path("capabilities").path("drop").toString()).isEqualTo("[\"ALL\"]");
        assertThat(chart.podSpec().path("automountServiceAccountToken").asBoolean(true)).isFalse();
    }

    @Test
    void tmpIsTheOnlyWritableFolderAndItIsAnEmptyDir() {
        Rendered chart = HelmChart.render();

        assertThat(ChartRoutesTest.mountPathOf(chart, "tmp")).isEqualTo("/tmp");
        assertThat(ChartRoutesTest.volume(chart, "tmp").has("emptyDir")).isTrue();
        for (JsonNode mount : chart.container().path("volumeMounts")) {
            if (!"tmp".equals(mount.path("name").asText())) {
                assertThat(mount.path("readOnly").asBoolean()).as("mount %s", mount.path("name").asText()).isTrue();
            }
        }
    }

    @ParameterizedTest(name = "shutdown grace {0} s, margin {1} s")
    @MethodSource("graces")
    void kubernetesWaitsLongerThanTheGatewaysShutdownGrace(int grace, int margin) {
        Rendered chart = HelmChart.render("shutdown: {gracePeriodSeconds: %d, marginSeconds: %d}".formatted(grace, margin));

        Duration gateway = Duration.parse("PT" + chart.config().get("PUSH_SHUTDOWN_GRACE_PERIOD").toUpperCase(Locale.ROOT));
        int kubernetes = chart.podSpec().path("terminationGracePeriodSeconds").asInt();
        assertThat(gateway).isEqualTo(Duration.ofSeconds(grace));
        assertThat(kubernetes).isGreaterThan(grace).isEqualTo(grace + margin);
    }

    static Stream<Arguments> graces() {
        return Stream.of(Arguments.of(30, 10), Arguments.of(0, 1), Arguments.of(120, 15));
    }

    @Test
    void defaultShutdownGivesTheGatewayThirtySecondsAndKubernetesForty() {
        Rendered chart = HelmChart.render();

        assertThat(chart.config()).containsEntry("PUSH_SHUTDOWN_GRACE_PERIOD", "30s");
        assertThat(chart.podSpec().path("terminationGracePeriodSeconds").asInt()).isEqualTo(40);
    }

    @Test
    void probesAskSpringBootActuatorOnThePortNamedHttp() {
        JsonNode container = HelmChart.render().container();

        assertThat(container.path("ports").get(0).path("name").asText()).isEqualTo("http");
        assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(8080);
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/actuator/health/liveness");
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/actuator/health/readiness");
        assertThat(container.path("startupProbe").path("httpGet").path("path").asText()).isEqualTo("/actuator/health/liveness");
        assertThat(container.findValuesAsText("port")).containsOnly("http");
    }

    @Test
    void metricsServiceTargetsThePortNamedHttp() {
        JsonNode port = HelmChart.render().get("Service", HelmChart.RELEASE).path("spec").path("ports").get(0);

        assertThat(port.path("name").asText()).isEqualTo("http");
        assertThat(port.path("targetPort").asText()).isEqualTo("http");
    }

    @Test
    void containerHasResourcesAndTheImageOfTheChartsAppVersion() {
        JsonNode container = HelmChart.render().container();

        assertThat(container.path("resources").path("requests").path("memory").asText()).isEqualTo("512Mi");
        assertThat(container.path("resources").path("limits").path("memory").asText()).isEqualTo("512Mi");
        assertThat(container.path("image").asText()).isEqualTo("push-gateway:0.1.0");
    }

    @Test
    void brokerAndGatewaySettingsReachTheContainerAsEnvironmentVariables() {
        Rendered chart = HelmChart.render();

        assertThat(chart.container().path("envFrom").get(0).path("configMapRef").path("name").asText())
                .isEqualTo(HelmChart.RELEASE + "-config");
        assertThat(chart.config()).containsEntry("SPRING_RABBITMQ_HOST", "rabbitmq")
                .containsEntry("SPRING_RABBITMQ_PORT", "5672")
                .containsEntry("SPRING_RABBITMQ_USERNAME", "push-gateway")
                .containsEntry("SPRING_RABBITMQ_VIRTUAL_HOST", "/")
                .containsEntry("SPRING_RABBITMQ_SSL_ENABLED", "false")
                .containsEntry("PUSH_RETRY_DELAYS", "1s,5s,30s,2m,10m")
                .containsEntry("PUSH_INTAKE_CONSUMERS", "4")
                .containsEntry("PUSH_INTAKE_PREFETCH", "400")
                .containsEntry("PUSH_INTAKE_BATCH_SIZE", "200")
                .containsEntry("PUSH_INTAKE_BATCH_WINDOW", "5ms")
                .containsEntry("PUSH_FCM_CONCURRENCY", "1024")
                .containsEntry("PUSH_LOGGING_JSON", "true");
    }

    @Test
    void aClusterAddressListReachesTheContainerOnlyWhenOneIsGiven() {
        assertThat(HelmChart.render().config()).doesNotContainKey("SPRING_RABBITMQ_ADDRESSES");
        assertThat(HelmChart.render("broker: {addresses: 'rabbit-0.rabbit:5672,rabbit-1.rabbit:5672,rabbit-2.rabbit:5672'}")
                .config()).containsEntry("SPRING_RABBITMQ_ADDRESSES",
                        "rabbit-0.rabbit:5672,rabbit-1.rabbit:5672,rabbit-2.rabbit:5672");
    }

    @Test
    void largeNumbersInExtraConfigAreWrittenAsIntegers() {
        assertThat(HelmChart.render("extraConfig: {PUSH_INTAKE_MAX_TOKENS: 1000000, PUSH_BREAKER_WAIT_IN_OPEN_STATE: 45s}").config())
                .containsEntry("PUSH_INTAKE_MAX_TOKENS", "1000000")
                .containsEntry("PUSH_BREAKER_WAIT_IN_OPEN_STATE", "45s");
    }
}
