package io.pushgateway.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** values.schema.json and validation.yaml refuse values that cannot work, before any deploy. */
class ChartValuesSchemaTest {

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("a string for replicaCount", "replicaCount: two", "/replicaCount"),
                Arguments.of("an unknown top-level key", "replicas: 3", "additional properties 'replicas' not allowed"),
                Arguments.of("an unknown nested key", "broker: {hostname: rabbit}", "additional properties 'hostname' not allowed"),
                Arguments.of("a negative shutdown grace period", "shutdown: {gracePeriodSeconds: -5}", "/shutdown/gracePeriodSeconds"),
                Arguments.of("no margin over the shutdown grace", "shutdown: {marginSeconds: 0}", "/shutdown/marginSeconds"),
                Arguments.of("an unknown provider", "provider: apns", "/provider"),
                Arguments.of("retry delays that are not durations", "retry: {delays: 'soon, later'}", "/retry/delays"),
                Arguments.of("a legacy batch over FCM's limit", "gcm: {batchSize: 5000}", "/gcm/batchSize"),
                Arguments.of("an unknown image pull policy", "image: {pullPolicy: Sometimes}", "/image/pullPolicy"),
                Arguments.of("a setting name that is not an environment variable", "extraConfig: {push.retry.delays: 1s}",
                        "'push.retry.delays' does not match pattern"),
                Arguments.of("a string where a flag belongs", "serviceMonitor: {enabled: 'yes'}", "/serviceMonitor/enabled"),
                Arguments.of("cluster addresses separated by spaces", "broker: {addresses: 'rabbit-0:5672 rabbit-1:5672'}",
                        "/broker/addresses"),
                Arguments.of("an alert severity Alertmanager does not route", "metrics: {prometheusRule: {alerts: {circuitOpen: {severity: page}}}}",
                        "/metrics/prometheusRule/alerts/circuitOpen/severity"),
                Arguments.of("an alert's for that is not a duration", "metrics: {prometheusRule: {alerts: {notReady: {for: five minutes}}}}",
                        "/metrics/prometheusRule/alerts/notReady/for"),
                Arguments.of("a retry share above 1", "metrics: {prometheusRule: {alerts: {retryShare: {ratio: 20}}}}",
                        "/metrics/prometheusRule/alerts/retryShare/ratio"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void schemaRefusesBadValues(String what, String values, String expected) {
        assertThat(HelmChart.renderFailure(values)).contains(expected);
    }

    static Stream<Arguments> impossibleCombinations() {
        return Stream.of(
                Arguments.of("provider fcm without credentials", "provider: fcm", "provider is fcm (the default) but there are no credentials"),
                Arguments.of("provider gcm without an API key", "provider: gcm", "provider is gcm but there is no API key"),
                Arguments.of("keda without a broker password", "keda: {enabled: true}", "keda.enabled needs the broker password"),
                Arguments.of("a PodDisruptionBudget with both bounds",
                        "podDisruptionBudget: {enabled: true, minAvailable: 1, maxUnavailable: 1}", "not both"),
                Arguments.of("an autoscaler whose minimum is above its maximum",
                        "autoscaling: {enabled: true, minReplicas: 5, maxReplicas: 3}", "minReplicas is larger"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impossibleCombinations")
    void validationRefusesValueCombinationsThatCannotWork(String what, String values, String expected) {
        assertThat(HelmChart.renderFailure(values)).contains(expected);
    }
}
