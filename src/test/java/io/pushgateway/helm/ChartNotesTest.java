package io.pushgateway.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** NOTES.txt, as `helm install` prints it (a client-only dry run: no cluster involved). */
class ChartNotesTest {

    @Test
    void notesWarnThatOnTheEmulatorNothingReachesRealDevicesAndWhereThePodsSaySo() {
        assertThat(notes(HelmChart.ON_EMULATOR_FILE)).contains("built-in FCM EMULATOR")
                .contains("NOTHING REACHES REAL DEVICES")
                .contains("push_provider_info{provider=\"emulator\"}")
                .contains("no broker password is set");
    }

    @Test
    void notesStayQuietWhenCredentialsAreGiven() {
        assertThat(notes(HelmChart.CHART.resolve("ci/keda-values.yaml"))).doesNotContain("WARNING")
                .contains("kubectl --namespace messaging port-forward svc/push-gateway 8080:8080");
    }

    @Test
    void notesNameTheKeysAnExistingSecretMustHold() {
        assertThat(notes(HelmChart.CHART.resolve("ci/existing-secret-values.yaml")))
                .contains("The pods read the Secret push-gateway-credentials: key rabbitmq-password, key fcm-service-account.json.");
    }

    private static String notes(Path valuesFile) {
        InstallCommand install = new Helm(HelmChart.CHART).install().withName(HelmChart.RELEASE)
                .withNamespace(HelmChart.NAMESPACE).clientOnly().dryRun().withValuesFile(valuesFile);
        String output = install.call().getOutput();
        return output.substring(output.indexOf("NOTES:"));
    }
}
