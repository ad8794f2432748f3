package io.pushgateway.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code helm lint --strict}: templates, NOTES.txt, Chart.yaml and the values schema. */
class ChartLintTest {

    static List<Path> ciValuesFiles() {
        return HelmChart.ciValuesFiles();
    }

    /**
     * Helm's lint mode skips {@code fail}, so the bare defaults lint clean although they refuse to
     * render (no credentials for the default provider): {@link ChartProviderTest} checks that.
     */
    @Test
    void lintPassesWithTheBareDefaultValues() {
        LintResult result = HelmChart.lint(null);

        assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
    }

    @Test
    void lintPassesWithTheDefaultValuesOnTheEmulator() {
        LintResult result = HelmChart.lint(HelmChart.ON_EMULATOR_FILE);

        assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ciValuesFiles")
    void lintPassesWithEveryCiValuesFile(Path valuesFile) {
        LintResult result = HelmChart.lint(valuesFile);

        assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
    }

    @Test
    void thereIsACiValuesFileForEachKindOfInstall() {
        assertThat(HelmChart.ciValuesFiles()).extracting(p -> p.getFileName().toString())
                .contains("existing-secret-values.yaml", "all-flags-values.yaml", "keda-values.yaml",
                        "custom-routes-values.yaml");
    }
}
