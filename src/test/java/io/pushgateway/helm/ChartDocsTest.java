package io.pushgateway.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** values.yaml, values.schema.json and the README's table of values describe the same keys. */
class ChartDocsTest {

    private static final Path VALUES = HelmChart.CHART.resolve("values.yaml");
    private static final Path SCHEMA = HelmChart.CHART.resolve("values.schema.json");
    private static final Path README = Path.of("helm/README.md");
    private static final Pattern PARAM = Pattern.compile("^\\s*## @param (\\S+) ", Pattern.MULTILINE);

    @Test
    void valuesFileStartsWithItsSchemaForEditors() throws IOException {
        assertThat(Files.readAllLines(VALUES).get(0)).isEqualTo("# yaml-language-server: $schema=values.schema.json");
    }

    @Test
    void everyValueIsDescribedByAParamComment() throws IOException {
        Set<String> documented = params();
        List<String> undocumented = new ArrayList<>();
        leaves(HelmChart.YAML.readTree(VALUES.toFile()), "", undocumented, documented);

        assertThat(undocumented).as("values without a '## @param' comment (on them or on a parent)").isEmpty();
    }

    @Test
    void everyDocumentedValueIsInTheReadmeTable() throws IOException {
        String readme = Files.readString(README);

        assertThat(params()).allSatisfy(key -> assertThat(readme).as("README row of %s", key).contains("| `" + key + "` |"));
    }

    @Test
    void everyDocumentedValueIsInTheSchemaWithADescription() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(SCHEMA.toFile());

        assertThat(params()).allSatisfy(key -> {
            JsonNode node = schema;
            for (String part : key.split("\\.")) {
                node = node.path("properties").path(part);
            }
            assertThat(node.path("description").asText()).as("schema description of %s", key).isNotBlank();
        });
    }

    private static Set<String> params() throws IOException {
        Matcher matcher = PARAM.matcher(Files.readString(VALUES));
        return matcher.results().map(m -> m.group(1)).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** Paths of the values that have no @param of their own nor on a parent object. */
    private static void leaves(JsonNode node, String path, List<String> undocumented, Set<String> documented) {
        if (!path.isEmpty() && documented.contains(path)) {
            return;
        }
        if (node.isObject() && !node.isEmpty()) {
            node.properties().forEach(e -> leaves(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(),
                    undocumented, documented));
        } else {
            undocumented.add(path);
        }
    }
}
