package io.pushgateway.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgateway.helm.HelmChart.Rendered;
import org.junit.jupiter.api.Test;

/**
 * The provider is always named, and the emulator runs only when the values say so: the defaults
 * (provider fcm, no credentials) refuse to render and say what to set, instead of a deployment
 * whose pushes the emulator acks and nobody receives.
 */
class ChartProviderTest {

    @Test
    void defaultValuesWithoutCredentialsFailToRenderNamingWhatIsMissing() {
        String message = HelmChart.renderFailureOfBareDefaults();

        assertThat(message).contains("provider is fcm (the default) but there are no credentials")
                .contains("fcm.serviceAccountJson")
                .contains("existingSecret")
                .contains("\"fcm-service-account.json\" (secretKeys.fcmServiceAccount)")
                .contains("provider: emulator");
    }

    @Test
    void theMissingSecretKeyIsNamedAsTheValuesSpellIt() {
        String message = HelmChart.renderFailure("""
                provider: fcm
                secretKeys: {fcmServiceAccount: firebase.json}
                """);

        assertThat(message).contains("\"firebase.json\" (secretKeys.fcmServiceAccount)");
    }

    @Test
    void gcmWithoutItsApiKeyFailsNamingTheKey() {
        assertThat(HelmChart.renderFailure("provider: gcm"))
                .contains("gcm.apiKey").contains("\"gcm-api-key\" (secretKeys.gcmApiKey)");
    }

    @Test
    void providerEmulatorRendersWithoutCredentialsAndTellsTheGateway() {
        Rendered chart = HelmChart.renderWithoutEmulator("provider: emulator");

        assertThat(chart.config()).containsEntry("PUSH_PROVIDER", "emulator");
        assertThat(chart.env("PUSH_FCM_CREDENTIALS").isMissingNode()).isTrue();
    }

    @Test
    void theDefaultProviderRendersOnceCredentialsAreGivenAndTheGatewayIsToldFcm() {
        Rendered chart = HelmChart.renderWithoutEmulator("fcm: {serviceAccountJson: '{\"type\":\"service_account\"}'}");

        assertThat(chart.config()).containsEntry("PUSH_PROVIDER", "fcm");
        assertThat(chart.env("PUSH_FCM_CREDENTIALS").path("value").asText())
                .isEqualTo("/var/run/secrets/push-gateway/service-account.json");
    }

    @Test
    void theDefaultProviderRendersWithAnExistingSecretAndMountsItsKey() {
        Rendered chart = HelmChart.renderWithoutEmulator("existingSecret: push-gateway-credentials");

        assertThat(chart.config()).containsEntry("PUSH_PROVIDER", "fcm");
        assertThat(ChartRoutesTest.volume(chart, "fcm-credentials").path("secret").path("items").get(0)
                .path("key").asText()).isEqualTo("fcm-service-account.json");
    }

    @Test
    void applicationDefaultCredentialsRenderWithAProjectIdAndMountNoKeyEvenFromAnExistingSecret() {
        Rendered chart = HelmChart.renderWithoutEmulator("""
                existingSecret: push-gateway-credentials
                fcm: {applicationDefaultCredentials: true, projectId: shop-prod}
                serviceAccount: {annotations: {iam.gke.io/gcp-service-account: push@shop-prod.iam.gserviceaccount.com}}
                """);

        assertThat(chart.config()).containsEntry("PUSH_PROVIDER", "fcm").containsEntry("PUSH_FCM_PROJECT_ID", "shop-prod");
        assertThat(chart.env("PUSH_FCM_CREDENTIALS").isMissingNode()).isTrue();
        assertThat(chart.podSpec().path("volumes").findValuesAsText("name")).doesNotContain("fcm-credentials");
    }

    @Test
    void applicationDefaultCredentialsWithoutAProjectIdFailToRenderSayingSo() {
        assertThat(HelmChart.renderFailure("""
                provider: fcm
                fcm: {applicationDefaultCredentials: true}
                """))
                .contains("fcm.applicationDefaultCredentials needs fcm.projectId");
    }

    @Test
    void gcmKeepsWorkingWithItsApiKeyAndMountsNoServiceAccount() {
        Rendered chart = HelmChart.renderWithoutEmulator("""
                provider: gcm
                gcm: {apiKey: legacy-server-key}
                """);

        assertThat(chart.config()).containsEntry("PUSH_PROVIDER", "gcm");
        assertThat(chart.env("PUSH_GCM_API_KEY").path("valueFrom").path("secretKeyRef").path("key").asText())
                .isEqualTo("gcm-api-key");
        assertThat(chart.env("PUSH_FCM_CREDENTIALS").isMissingNode()).isTrue();
    }

    @Test
    void credentialsGivenForAnotherProviderAreNeitherMountedNorRead() {
        Rendered chart = HelmChart.render("""
                provider: emulator
                fcm: {serviceAccountJson: '{"type":"service_account"}'}
                gcm: {apiKey: legacy-server-key}
                """);

        assertThat(chart.env("PUSH_FCM_CREDENTIALS").isMissingNode()).isTrue();
        assertThat(chart.env("PUSH_GCM_API_KEY").isMissingNode()).isTrue();
        assertThat(chart.container().path("volumeMounts").findValuesAsText("name")).doesNotContain("fcm-credentials");
    }

    @Test
    void theSchemaNoLongerAcceptsAnEmptyProvider() {
        assertThat(HelmChart.renderFailure("provider: ''")).contains("/provider");
    }
}
