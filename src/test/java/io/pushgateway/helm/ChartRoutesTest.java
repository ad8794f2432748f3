package io.pushgateway.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import io.pushgateway.helm.HelmChart.Rendered;
import io.pushgateway.testsupport.RouteFileValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The routes ConfigMap: what the gateway loads its routes from inside Kubernetes. */
class ChartRoutesTest {

    /** Default values (on the emulator), then each ci values file. */
    static Stream<Arguments> everyValuesSet() {
        return Stream.concat(Stream.of(Arguments.of("defaults", HelmChart.render())),
                HelmChart.ciValuesFiles().stream()
                        .map(f -> Arguments.of(f.getFileName().toString(), HelmChart.render(f))));
    }

    @Test
    void chartRoutesFolderIsALinkToTheShippedRoutesSoThereIsOneSource() throws IOException {
        assertThat(Files.isSymbolicLink(HelmChart.CHART_ROUTES)).as("helm/push-gateway/files/routes is a symlink").isTrue();
        assertThat(HelmChart.CHART_ROUTES.toRealPath()).isEqualTo(HelmChart.SHIPPED_ROUTES.toRealPath());
    }

    @Test
    void packagedChartCarriesTheShippedRoutesThemselvesNotTheLink(@TempDir Path out) throws IOException {
        new Helm(HelmChart.CHART).packageIt().withDestination(out).call();
        Path archive;
        try (Stream<Path> files = Files.list(out)) {
            archive = files.filter(f -> f.getFileName().toString().endsWith(".tgz")).findFirst().orElseThrow();
        }

        String manifest = new Helm(archive).template().withName(HelmChart.RELEASE).withNamespace(HelmChart.NAMESPACE)
                .withValuesFile(HelmChart.ON_EMULATOR_FILE).call();

        assertThat(Rendered.parse(manifest).routeFiles()).isEqualTo(readRoutes(HelmChart.SHIPPED_ROUTES));
    }

    @Test
    void routesConfigMapHoldsExactlyTheShippedRouteFilesUnchanged() throws IOException {
        assertThat(HelmChart.render().routeFiles()).isEqualTo(readRoutes(HelmChart.SHIPPED_ROUTES));
    }

    @Test
    void gatewayLoadsItsRoutesFromTheMountedRoutesConfigMap() {
        Rendered chart = HelmChart.render();

        assertThat(chart.config()).containsEntry("PUSH_ROUTES_LOCATION", "file:/etc/push-gateway/routes");
        assertThat(mountPathOf(chart, "routes")).isEqualTo("/etc/push-gateway/routes");
        assertThat(volume(chart, "routes").path("configMap").path("name").asText())
                .isEqualTo(HelmChart.RELEASE + "-routes");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyValuesSet")
    void everyRenderedRouteFileIsAValidCamelRoute(String values, Rendered chart) {
        List<String> problems = new ArrayList<>();
        chart.routeFiles().forEach((name, yaml) -> problems.addAll(RouteFileValidator.problems(name, yaml)));

        assertThat(problems).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyValuesSet")
    void routesConfigMapAlwaysHoldsTheWholeSetOfShippedRoutes(String values, Rendered chart) throws IOException {
        assertThat(chart.routeFiles()).containsKeys(readRoutes(HelmChart.SHIPPED_ROUTES).keySet().toArray(String[]::new));
    }

    static Stream<Arguments> brokenRoutes() {
        return Stream.of(
                Arguments.of("an unknown step", "send-to-fcm.camel.yaml", """
                        routes:
                          extra:
                            send-to-fcm.camel.yaml: |
                              - route:
                                  id: send-to-fcm
                                  from:
                                    id: send-to-fcm-in
                                    uri: direct:send-to-fcm
                                    steps:
                                      - sendToEveryone:
                                          uri: https://fcm.googleapis.com
                        """),
                Arguments.of("an unknown option", "notify-crm.camel.yaml", """
                        routes:
                          extra:
                            notify-crm.camel.yaml: |
                              - route:
                                  id: notify-crm
                                  from:
                                    id: notify-crm-in
                                    uri: direct:notify-crm
                                    steps:
                                      - to:
                                          id: to-crm
                                          uri: https://crm.example/tokens
                                          retries: 3
                        """),
                Arguments.of("text that is not YAML", "notify-crm.camel.yaml", """
                        routes:
                          extra:
                            notify-crm.camel.yaml: |
                              - route:
                                  id: notify-crm
                                 from: [direct:notify-crm
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRoutes")
    void theRouteValidatorRefusesABrokenRouteRenderedFromValues(String broken, String file, String values) {
        Map<String, String> routes = HelmChart.render(values).routeFiles();
        List<String> problems = new ArrayList<>();
        routes.forEach((name, yaml) -> problems.addAll(RouteFileValidator.problems(name, yaml)));

        assertThat(routes).as("Helm renders any text").containsKey(file);
        assertThat(problems).as("the route validator must refuse %s", broken)
                .isNotEmpty().allSatisfy(problem -> assertThat(problem).startsWith(file + ":"));
    }

    @Test
    void aRouteFileInValuesReplacesTheShippedFileOfTheSameName() throws IOException {
        String shipped = Files.readString(HelmChart.SHIPPED_ROUTES.resolve("publish-outcomes.camel.yaml"));
        String edited = withLogBeforeTokenDelete(shipped);

        Rendered chart = HelmChart.render(valuesWithRoute("publish-outcomes.camel.yaml", edited));

        assertThat(chart.routeFiles()).containsEntry("publish-outcomes.camel.yaml", edited)
                .hasSameSizeAs(readRoutes(HelmChart.SHIPPED_ROUTES));
        assertThat(RouteFileValidator.problems("publish-outcomes.camel.yaml", edited)).isEmpty();
    }

    @Test
    void tokenDeletesCanBeRepointedToARouteAddedThroughValues() {
        Rendered chart = HelmChart.render(HelmChart.CHART.resolve("ci/custom-routes-values.yaml"));

        String tokenDeleteUri = chart.config().get("PUSH_OUTCOME_TOKEN_DELETE_URI");
        assertThat(tokenDeleteUri).isEqualTo("direct:notify-crm-of-deleted-tokens");
        String added = chart.routeFiles().get("notify-crm-of-deleted-tokens.camel.yaml");
        assertThat(added).as("the added route file").isNotNull();
        JsonNode route = readYaml(added).get(0).path("route");
        assertThat(route.path("from").path("uri").asText()).as("the endpoint token deletes now go to").isEqualTo(tokenDeleteUri);
    }

    @Test
    void tokenDeletesCanBeRepointedToAnHttpCallbackWithoutAnyRouteChange() {
        Rendered chart = HelmChart.render("""
                outcomes:
                  tokenDeleteUri: https://crm.example/tokens/deleted?bridgeEndpoint=true
                """);

        assertThat(chart.config()).containsEntry("PUSH_OUTCOME_TOKEN_DELETE_URI",
                "https://crm.example/tokens/deleted?bridgeEndpoint=true");
        assertThat(chart.config()).doesNotContainKeys("PUSH_OUTCOME_TOKEN_UPDATE_URI", "PUSH_OUTCOME_RETRY_URI",
                "PUSH_OUTCOME_DEAD_LETTER_URI");
        assertThat(chart.routeFiles()).isEqualTo(HelmChart.render().routeFiles());
    }

    @Test
    void changingARouteChangesTheRoutesChecksumSoPodsRoll() throws IOException {
        String shipped = Files.readString(HelmChart.SHIPPED_ROUTES.resolve("publish-outcomes.camel.yaml"));
        JsonNode before = HelmChart.render().podAnnotations();
        JsonNode after = HelmChart.render(valuesWithRoute("publish-outcomes.camel.yaml", withLogBeforeTokenDelete(shipped)))
                .podAnnotations();

        assertThat(after.path("checksum/routes").asText()).isNotBlank().isNotEqualTo(before.path("checksum/routes").asText());
        assertThat(after.path("checksum/config").asText()).isEqualTo(before.path("checksum/config").asText());
    }

    @Test
    void addingARouteChangesTheRoutesChecksum() {
        JsonNode before = HelmChart.render().podAnnotations();
        JsonNode after = HelmChart.render(HelmChart.CHART.resolve("ci/custom-routes-values.yaml")).podAnnotations();

        assertThat(after.path("checksum/routes").asText()).isNotEqualTo(before.path("checksum/routes").asText());
    }

    @Test
    void routeFileNamesThatTheGatewayWouldNotLoadAreRefused() {
        String message = HelmChart.renderFailure("""
                routes:
                  extra:
                    notify-crm.yaml: "- route: {}"
                """);

        assertThat(message).contains("'notify-crm.yaml' does not match pattern");
    }

    /** publish-outcomes with a log step before the token-delete publish: an edit an engineer might make. */
    private static String withLogBeforeTokenDelete(String publishOutcomes) {
        String indent = " ".repeat(30);
        String anchor = indent + "- to:\n" + indent + "    id: to-token-delete\n";
        assertThat(publishOutcomes).contains(anchor);
        return publishOutcomes.replace(anchor, indent + "- log:\n"
                + indent + "    id: log-token-delete\n"
                + indent + "    message: \"token delete for ${header.PushOutcome}\"\n"
                + anchor);
    }

    private static String valuesWithRoute(String fileName, String content) {
        try {
            return HelmChart.YAML.writeValueAsString(Map.of("routes", Map.of("extra", Map.of(fileName, content))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode readYaml(String yaml) {
        try {
            return HelmChart.YAML.readTree(yaml);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> readRoutes(Path folder) throws IOException {
        Map<String, String> routes = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).toList()) {
                routes.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        return routes;
    }

    static String mountPathOf(Rendered chart, String volume) {
        for (JsonNode mount : chart.container().path("volumeMounts")) {
            if (volume.equals(mount.path("name").asText())) {
                return mount.path("mountPath").asText();
            }
        }
        throw new AssertionError("no mount of volume " + volume);
    }

    static JsonNode volume(Rendered chart, String name) {
        for (JsonNode volume : chart.podSpec().path("volumes")) {
            if (name.equals(volume.path("name").asText())) {
                return volume;
            }
        }
        throw new AssertionError("no volume " + name);
    }
}
