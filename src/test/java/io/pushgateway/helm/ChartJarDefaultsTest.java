package io.pushgateway.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The chart and the jar agree on every default, or say why not. A chart value that becomes a
 * {@code push.*} setting (a {@code PUSH_*} entry of the ConfigMap) must render to the jar's default
 * from application.yaml, unless its comment in values.yaml holds a line
 * {@value #MARKER} followed by the reason; a marker on a value that agrees is stale and fails too.
 */
class ChartJarDefaultsTest {

    static final String MARKER = "## differs from the jar:";

    private static final Path CONFIGMAP = HelmChart.CHART.resolve("templates/configmap.yaml");
    private static final Path VALUES = HelmChart.CHART.resolve("values.yaml");
    private static final Path JAR_DEFAULTS = Path.of("src/main/resources/application.yaml");

    /** ConfigMap entries the chart sets itself, from no value: the mounted routes folder. */
    private static final List<String> SET_BY_THE_CHART = List.of("PUSH_ROUTES_LOCATION");

    private static final Pattern ENTRY = Pattern.compile("^\\s*(PUSH_[A-Z0-9_]+):\\s*(.*)$");
    private static final Pattern VALUE_REF = Pattern.compile("\\.Values\\.([A-Za-z0-9_.]+)");
    private static final Pattern WITH_VALUE = Pattern.compile("\\{\\{-?\\s*with\\s+\\.Values\\.([A-Za-z0-9_.]+)");
    private static final Pattern BLOCK_START = Pattern.compile("\\{\\{-?\\s*(with|range|if)\\b");
    private static final Pattern BLOCK_END = Pattern.compile("\\{\\{-?\\s*end\\b");

    @Test
    void everyChartValueThatBecomesAPushSettingHasTheJarsDefaultOrSaysWhyNot() throws IOException {
        Map<String, Mapping> mappings = valueMappings();
        List<String> undeclared = new ArrayList<>();
        for (Mapping m : mappings.values()) {
            if (m.differs() && !hasMarker(m.valuePath())) {
                undeclared.add("%s renders %s=%s, the jar's %s is %s".formatted(
                        m.valuePath(), m.env(), m.chart(), m.property(), m.jar()));
            }
        }

        assertThat(undeclared).as("values that differ from the jar without a '%s <why>' line in their comment", MARKER)
                .isEmpty();
    }

    @Test
    void noValueSaysItDiffersFromTheJarWhenItAgrees() throws IOException {
        Map<String, Mapping> mappings = valueMappings();
        List<String> stale = new ArrayList<>();
        for (String path : markedValuePaths()) {
            Mapping m = mappings.get(path);
            if (m == null) {
                stale.add(path + " is marked but becomes no push.* setting");
            } else if (!m.differs()) {
                stale.add(path + " is marked but renders the jar's default " + m.jar());
            }
        }

        assertThat(stale).as("stale '%s' lines", MARKER).isEmpty();
    }

    @Test
    void theComparisonCoversTheChartsPushSettings() throws IOException {
        Map<String, Mapping> mappings = valueMappings();

        // A parse that found nothing would pass the tests above without comparing anything.
        assertThat(mappings).containsKeys("provider", "fcm.concurrency", "gcm.batchSize", "retry.delays",
                "intake.consumers", "intake.prefetch", "intake.batchSize", "intake.batchWindow",
                "shutdown.gracePeriodSeconds", "logging.json", "realtime.enabled", "realtime.exchange");
        assertThat(mappings.get("fcm.concurrency").property()).isEqualTo("push.fcm.concurrency");
        assertThat(chartOwnedEntries()).as("PUSH_* entries of the ConfigMap that come from no value")
                .containsExactlyElementsOf(SET_BY_THE_CHART);
    }

    @Test
    void markersExplainThemselves() throws IOException {
        for (String line : Files.readAllLines(VALUES)) {
            if (line.trim().startsWith(MARKER)) {
                assertThat(line.trim().substring(MARKER.length()).trim()).as("reason of: %s", line).hasSizeGreaterThan(20);
            }
        }
    }

    /** One chart value, the PUSH_* entry it renders, and the jar property it sets. */
    record Mapping(String valuePath, String env, String property, String chart, String jar) {

        /** Absent from the ConfigMap means the jar's default applies: that agrees by construction. */
        boolean differs() {
            return chart != null && !sameSetting(chart, jar);
        }
    }

    /** Value path (as in values.yaml) to its mapping, read from the ConfigMap template. */
    private static Map<String, Mapping> valueMappings() throws IOException {
        Map<String, String> rendered = renderedWithTheDefaults();
        Map<String, String> jar = jarDefaults();
        Map<String, Mapping> mappings = new TreeMap<>();
        for (TemplateEntry entry : templateEntries()) {
            if (entry.valuePath() == null || entry.inRange()) {
                continue;
            }
            String property = propertyOf(entry.env(), jar);
            assertThat(property).as("a jar default (application.yaml) for %s, which %s sets", entry.env(),
                    entry.valuePath()).isNotNull();
            mappings.put(entry.valuePath(), new Mapping(entry.valuePath(), entry.env(), property,
                    rendered.get(entry.env()), jar.get(property)));
        }
        return mappings;
    }

    private static List<String> chartOwnedEntries() throws IOException {
        return templateEntries().stream().filter(e -> e.valuePath() == null && !e.inRange()).map(TemplateEntry::env).toList();
    }

    /**
     * The ConfigMap as the default values render it. They do not render alone (the default
     * provider has no credentials), and credentials go to the Secret, not the ConfigMap: so a
     * stand-in service account leaves every setting at its default.
     */
    private static Map<String, String> renderedWithTheDefaults() {
        return HelmChart.renderWithoutEmulator("fcm: {serviceAccountJson: '{\"type\":\"service_account\"}'}").config();
    }

    /** A PUSH_* line of the ConfigMap template, the value it reads, and whether it sits in a range (per-entry settings). */
    record TemplateEntry(String env, String valuePath, boolean inRange) {
    }

    private static List<TemplateEntry> templateEntries() throws IOException {
        List<TemplateEntry> entries = new ArrayList<>();
        // Open blocks: the value a `with` binds to `.`, or null for if/range; and range depth.
        List<String> withValues = new ArrayList<>();
        List<Boolean> ranges = new ArrayList<>();
        for (String line : Files.readAllLines(CONFIGMAP)) {
            Matcher start = BLOCK_START.matcher(line);
            if (start.find()) {
                Matcher with = WITH_VALUE.matcher(line);
                withValues.add(with.find() ? with.group(1) : null);
                ranges.add(start.group(1).equals("range"));
                continue;
            }
            if (BLOCK_END.matcher(line).find()) {
                withValues.remove(withValues.size() - 1);
                ranges.remove(ranges.size() - 1);
                continue;
            }
            Matcher entry = ENTRY.matcher(line);
            if (entry.matches()) {
                Matcher ref = VALUE_REF.matcher(entry.group(2));
                String path = ref.find() ? ref.group(1)
                        : entry.group(2).contains("{{ .") && !withValues.isEmpty() ? withValues.get(withValues.size() - 1) : null;
                entries.add(new TemplateEntry(entry.group(1), path, ranges.contains(true)));
            }
        }
        return entries;
    }

    /** application.yaml's push.* leaves, by property name; an empty value (no default) maps to null. */
    private static Map<String, String> jarDefaults() throws IOException {
        Map<String, String> flat = new LinkedHashMap<>();
        flatten(HelmChart.YAML.readTree(JAR_DEFAULTS.toFile()).path("push"), "push", flat);
        return flat;
    }

    private static void flatten(JsonNode node, String prefix, Map<String, String> into) {
        if (node.isObject()) {
            node.properties().forEach(e -> flatten(e.getValue(), prefix + "." + e.getKey(), into));
        } else {
            into.put(prefix, node.isNull() ? null : node.asText());
        }
    }

    /** Spring's relaxed binding backwards: PUSH_INTAKE_BATCH_SIZE is the property whose name reads so. */
    private static String propertyOf(String env, Map<String, String> jar) {
        return jar.keySet().stream()
                .filter(p -> p.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_').equals(env))
                .findFirst().orElse(null);
    }

    /** Same setting once bound: lists element by element, durations as durations, words ignoring case. */
    static boolean sameSetting(String chart, String jar) {
        if (jar == null) {
            return chart.isBlank();
        }
        String[] a = chart.split(",");
        String[] b = jar.split(",");
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (!sameScalar(a[i].trim(), b[i].trim())) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameScalar(String a, String b) {
        if (a.equalsIgnoreCase(b)) {
            return true;
        }
        Duration da = duration(a);
        return da != null && da.equals(duration(b));
    }

    private static Duration duration(String text) {
        try {
            return DurationStyle.SIMPLE.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Whether the comment lines right above the value's key hold the marker. */
    private static boolean hasMarker(String valuePath) throws IOException {
        List<String> lines = Files.readAllLines(VALUES);
        Integer keyLine = keyLines().get(valuePath);
        assertThat(keyLine).as("values.yaml line of %s", valuePath).isNotNull();
        for (int i = keyLine - 1; i >= 0 && lines.get(i).trim().startsWith("#"); i--) {
            if (lines.get(i).trim().startsWith(MARKER)) {
                return true;
            }
        }
        return false;
    }

    /** The value paths whose comment holds the marker: the first key line below each marker. */
    private static List<String> markedValuePaths() throws IOException {
        List<String> lines = Files.readAllLines(VALUES);
        Map<Integer, String> pathAt = new TreeMap<>();
        keyLines().forEach((path, line) -> pathAt.put(line, path));
        List<String> marked = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().startsWith(MARKER)) {
                int key = i + 1;
                while (key < lines.size() && lines.get(key).trim().startsWith("#")) {
                    key++;
                }
                marked.add(pathAt.getOrDefault(key, "(line " + (key + 1) + ", not a key)"));
            }
        }
        return marked;
    }

    /** Every key of values.yaml, as a dotted path, to its line (0-based). */
    private static Map<String, Integer> keyLines() throws IOException {
        Node root = new Yaml().compose(new StringReader(Files.readString(VALUES)));
        Map<String, Integer> lines = new TreeMap<>();
        collectKeys(root, "", lines);
        return lines;
    }

    private static void collectKeys(Node node, String prefix, Map<String, Integer> into) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    String path = prefix.isEmpty() ? key.getValue() : prefix + "." + key.getValue();
                    into.put(path, key.getStartMark().getLine());
                    collectKeys(tuple.getValueNode(), path, into);
                }
            }
        }
    }
}
