package io.pushgateway.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushgateway.helm.HelmChart.Rendered;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Broker password and FCM credentials: from the chart's Secret or from an existing one. */
class ChartSecretsTest {

    private static final String CHART_SECRET = HelmChart.RELEASE;

    @Test
    void podTemplateCarriesChecksumsOfConfigRoutesAndSecret() {
        JsonNode annotations = HelmChart.render().podAnnotations();

        assertThat(annotations.path("checksum/config").asText()).matches("[0-9a-f]{64}");
        assertThat(annotations.path("checksum/routes").asText()).matches("[0-9a-f]{64}");
        assertThat(annotations.path("checksum/secret").asText()).matches("[0-9a-f]{64}");
    }

    @Test
    void changingTheBrokerPasswordChangesTheSecretChecksumOnly() {
        JsonNode one = HelmChart.render("broker: {password: first}").podAnnotations();
        JsonNode two = HelmChart.render("broker: {password: second}").podAnnotations();

        assertThat(two.path("checksum/secret").asText()).isNotEqualTo(one.path("checksum/secret").asText());
        assertThat(two.path("checksum/config").asText()).isEqualTo(one.path("checksum/config").asText());
        assertThat(two.path("checksum/routes").asText()).isEqualTo(one.path("checksum/routes").asText());
    }

    @Test
    void changingASettingChangesTheConfigChecksum() {
        JsonNode before = HelmChart.render().podAnnotations();
        JsonNode after = HelmChart.render("intake: {consumers: 8}").podAnnotations();

        assertThat(after.path("checksum/config").asText()).isNotEqualTo(before.path("checksum/config").asText());
    }

    @Test
    void chartSecretHoldsTheBrokerPasswordAndThePodReadsItFromThere() {
        Rendered chart = HelmChart.render("broker: {password: s3cret}");

        assertThat(decoded(chart.get("Secret", CHART_SECRET), "rabbitmq-password")).isEqualTo("s3cret");
        assertThat(secretRef(chart, "SPRING_RABBITMQ_PASSWORD")).isEqualTo(CHART_SECRET + "/rabbitmq-password");
        assertThat(chart.config()).doesNotContainKey("SPRING_RABBITMQ_PASSWORD").doesNotContainValue("s3cret");
    }

    @Test
    void withAnExistingSecretTheChartMakesNoSecretAndThePodReadsTheExistingOne() {
        Rendered chart = HelmChart.render(HelmChart.CHART.resolve("ci/existing-secret-values.yaml"));

        assertThat(chart.ofKind("Secret")).isEmpty();
        assertThat(chart.podAnnotations().has("checksum/secret")).isFalse();
        assertThat(secretRef(chart, "SPRING_RABBITMQ_PASSWORD")).isEqualTo("push-gateway-credentials/rabbitmq-password");
        assertThat(ChartRoutesTest.volume(chart, "fcm-credentials").path("secret").path("secretName").asText())
                .isEqualTo("push-gateway-credentials");
    }

    @Test
    void serviceAccountFileIsMountedReadOnlyWherePushFcmCredentialsPoints() {
        Rendered chart = HelmChart.render(HelmChart.CHART.resolve("ci/keda-values.yaml"));

        String path = chart.env("PUSH_FCM_CREDENTIALS").path("value").asText();
        assertThat(path).isEqualTo("/var/run/secrets/push-gateway/service-account.json");
        JsonNode mount = mount(chart, "fcm-credentials");
        assertThat(mount.path("readOnly").asBoolean()).isTrue();
        JsonNode item = ChartRoutesTest.volume(chart, "fcm-credentials").path("secret").path("items").get(0);
        assertThat(mount.path("mountPath").asText() + "/" + item.path("path").asText()).isEqualTo(path);
        assertThat(item.path("key").asText()).isEqualTo("fcm-service-account.json");
        assertThat(decoded(chart.get("Secret", CHART_SECRET), "fcm-service-account.json")).contains("\"type\": \"service_account\"");
    }

    @Test
    void onTheEmulatorNoCredentialIsMountedOrReadAndTheGatewayIsToldSo() {
        Rendered chart = HelmChart.render();

        assertThat(chart.env("PUSH_FCM_CREDENTIALS").isMissingNode()).isTrue();
        assertThat(chart.env("PUSH_GCM_API_KEY").isMissingNode()).isTrue();
        assertThat(chart.config()).containsEntry("PUSH_PROVIDER", "emulator");
        assertThat(chart.container().path("volumeMounts").findValuesAsText("name")).containsExactlyInAnyOrder("tmp", "routes");
    }

    @Test
    void legacyApiKeyComesFromTheSecret() {
        Rendered chart = HelmChart.render("""
                provider: gcm
                gcm: {apiKey: legacy-server-key}
                """);

        assertThat(decoded(chart.get("Secret", CHART_SECRET), "gcm-api-key")).isEqualTo("legacy-server-key");
        assertThat(secretRef(chart, "PUSH_GCM_API_KEY")).isEqualTo(CHART_SECRET + "/gcm-api-key");
        assertThat(chart.config()).containsEntry("PUSH_PROVIDER", "gcm");
    }

    @Test
    void kedaConnectsWithAnAmqpUriFromTheSecretWithThePasswordEncoded() {
        Rendered chart = HelmChart.render(HelmChart.CHART.resolve("ci/keda-values.yaml"));

        assertThat(decoded(chart.get("Secret", CHART_SECRET), "amqp-uri"))
                .isEqualTo("amqp://push-gateway:not%20a%20real%20password%2F%2B@rabbitmq.messaging.svc:5672/%2F");
        JsonNode target = chart.get("TriggerAuthentication", HelmChart.RELEASE).path("spec").path("secretTargetRef").get(0);
        assertThat(target.path("parameter").asText()).isEqualTo("host");
        assertThat(target.path("name").asText() + "/" + target.path("key").asText()).isEqualTo(CHART_SECRET + "/amqp-uri");
    }

    private static String decoded(JsonNode secret, String key) {
        assertThat(secret.path("data").has(key)).as("Secret key %s", key).isTrue();
        return new String(Base64.getDecoder().decode(secret.path("data").path(key).asText()), StandardCharsets.UTF_8);
    }

    private static String secretRef(Rendered chart, String env) {
        JsonNode ref = chart.env(env).path("valueFrom").path("secretKeyRef");
        return ref.path("name").asText() + "/" + ref.path("key").asText();
    }

    private static JsonNode mount(Rendered chart, String volume) {
        for (JsonNode mount : chart.container().path("volumeMounts")) {
            if (volume.equals(mount.path("name").asText())) {
                return mount;
            }
        }
        throw new AssertionError("no mount of volume " + volume);
    }
}
