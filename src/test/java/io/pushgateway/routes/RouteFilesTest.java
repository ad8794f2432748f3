package io.pushgateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pushgateway.testsupport.RouteFileValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RouteFilesTest {

    private static final Path ROUTES = Path.of("src/main/resources/routes");

    static Stream<Path> routeFiles() throws IOException {
        return Files.list(ROUTES).filter(p -> p.toString().endsWith(".camel.yaml")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routeFiles")
    void everyShippedRouteFileHasOnlyKnownStepsAndOptions(Path file) throws IOException {
        assertThat(RouteFileValidator.problems(file.getFileName().toString(), Files.readString(file))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routeFiles")
    void everyRouteAndEndpointStepHasAnIdAndNoMockUri(Path file) throws IOException {
        JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        List<String> missing = new ArrayList<>();
        walk(tree, missing);
        assertThat(missing).as("steps without an id in %s", file).isEmpty();
        assertThat(Files.readString(file)).doesNotContain("mock:");
    }

    /** Routes, their from, and every to/toD step must carry an id, so tests and tools can find them. */
    private static void walk(JsonNode node, List<String> missing) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (List.of("route", "from", "to", "toD").contains(e.getKey()) && e.getValue().isObject()
                        && !e.getValue().has("id")) {
                    missing.add(e.getKey() + " " + e.getValue().path("uri").asText());
                }
                walk(e.getValue(), missing);
            });
        } else if (node.isArray()) {
            node.forEach(child -> walk(child, missing));
        }
    }

    @Test
    void rejectsARouteWithAnUnknownStep() {
        String yaml = """
                - route:
                    id: broken
                    from:
                      uri: direct:a
                      steps:
                        - sendEverywhere:
                            uri: direct:b
                """;
        assertThat(RouteFileValidator.problems("broken.camel.yaml", yaml)).isNotEmpty();
    }

    @Test
    void rejectsARouteWithAnUnknownEipOption() {
        String yaml = """
                - route:
                    id: broken
                    from:
                      uri: direct:a
                      steps:
                        - split:
                            simple: "${body}"
                            parallelProcesing: true
                            steps:
                              - to: direct:b
                """;
        assertThat(RouteFileValidator.problems("broken.camel.yaml", yaml)).isNotEmpty();
    }

    @Test
    void acceptsAWellFormedRoute() {
        String yaml = """
                - route:
                    id: fine
                    from:
                      uri: direct:a
                      steps:
                        - to:
                            id: to-b
                            uri: direct:b
                """;
        assertThat(RouteFileValidator.problems("fine.camel.yaml", yaml)).isEqualTo(List.of());
    }
}
