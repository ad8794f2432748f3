package io.pushgateway.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The chart in {@code helm/push-gateway}, rendered and linted in-process with helm-java (the Helm
 * library, no CLI and no cluster). Renders are cached: values files are fixed during a run.
 *
 * <p>The chart's defaults alone do not render: the default provider is fcm, and there are no
 * credentials. So every render and lint here starts from the defaults plus {@link #ON_EMULATOR}
 * ({@code provider: emulator}), then the test's own values; {@link #renderFailureOfBareDefaults()}
 * renders the defaults alone.
 */
final class HelmChart {

    static final Path CHART = Path.of("helm/push-gateway");
    static final Path CHART_ROUTES = CHART.resolve("files/routes");
    static final Path SHIPPED_ROUTES = Path.of("src/main/resources/routes");
    static final String RELEASE = "push-gateway";
    static final String NAMESPACE = "messaging";

    static final YAMLMapper YAML = new YAMLMapper();

    /** The least a render needs besides the defaults: a provider that needs no credentials. */
    static final String ON_EMULATOR = "provider: emulator\n";
    static final Path ON_EMULATOR_FILE = valuesFile(ON_EMULATOR);

    private static final Map<String, Rendered> RENDERS = new ConcurrentHashMap<>();

    private HelmChart() {
    }

    /** The chart-testing values files, {@code ci/*-values.yaml}. */
    static List<Path> ciValuesFiles() {
        try (Stream<Path> files = Files.list(CHART.resolve("ci"))) {
            return files.filter(f -> f.getFileName().toString().endsWith("-values.yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The chart rendered with its defaults on the emulator, overridden by {@code valuesFiles} in order. */
    static Rendered render(Path... valuesFiles) {
        String key = Stream.of(valuesFiles).map(Path::toString).reduce("defaults", (a, b) -> a + "|" + b);
        return RENDERS.computeIfAbsent(key, k -> Rendered.parse(template(onEmulator(valuesFiles))));
    }

    /** The chart rendered with its defaults on the emulator, overridden by values given as YAML text. */
    static Rendered render(String valuesYaml) {
        return RENDERS.computeIfAbsent("yaml:" + valuesYaml,
                k -> Rendered.parse(template(ON_EMULATOR_FILE, valuesFile(valuesYaml))));
    }

    /** The chart rendered with its defaults and nothing else, not even a provider: the values must name none missing. */
    static Rendered renderWithoutEmulator(String valuesYaml) {
        return RENDERS.computeIfAbsent("bare:" + valuesYaml, k -> Rendered.parse(template(valuesFile(valuesYaml))));
    }

    /** Renders values the chart must refuse (on top of the defaults on the emulator); returns Helm's error message. */
    static String renderFailure(String valuesYaml) {
        return failure(valuesYaml, ON_EMULATOR_FILE, valuesFile(valuesYaml));
    }

    /** Renders the chart's default values alone, which it must refuse; returns Helm's error message. */
    static String renderFailureOfBareDefaults() {
        return failure("(the defaults)");
    }

    private static String failure(String what, Path... valuesFiles) {
        try {
            template(valuesFiles);
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
        throw new AssertionError("helm template accepted values it should refuse:\n" + what);
    }

    /** The values files to render or install with: {@link #ON_EMULATOR}, then {@code valuesFiles}. */
    static Path[] onEmulator(Path... valuesFiles) {
        return Stream.concat(Stream.of(ON_EMULATOR_FILE), Stream.of(valuesFiles)).toArray(Path[]::new);
    }

    /**
     * {@code helm lint --strict} with the chart's values.yaml overridden by {@link #ON_EMULATOR} and
     * then {@code valuesFile} (null: the bare defaults alone). helm-java's lint
     * takes no values files, so the chart is copied and the overrides merged into the copy's
     * values.yaml the way Helm merges values.
     */
    static LintResult lint(Path valuesFile) {
        if (valuesFile == null) {
            return new Helm(CHART).lint().strict().call();
        }
        return lintMerged(ON_EMULATOR_FILE, valuesFile);
    }

    /** {@code helm lint --strict} with the chart's values.yaml overridden by each file in order. */
    private static LintResult lintMerged(Path... valuesFiles) {
        Path work = null;
        try {
            work = Files.createTempDirectory("chart-lint");
            Path copy = work.resolve(CHART.getFileName().toString());
            copyTree(CHART, copy);
            ObjectNode values = (ObjectNode) YAML.readTree(CHART.resolve("values.yaml").toFile());
            for (Path valuesFile : valuesFiles) {
                merge(values, YAML.readTree(valuesFile.toFile()));
            }
            YAML.writeValue(copy.resolve("values.yaml").toFile(), values);
            return new Helm(copy).lint().strict().call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(work);
        }
    }

    private static String template(Path... valuesFiles) {
        TemplateCommand command = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
        for (Path file : valuesFiles) {
            command = command.withValuesFile(file);
        }
        return command.call();
    }

    private static Path valuesFile(String yaml) {
        try {
            Path file = Files.createTempFile("values-", ".yaml");
            file.toFile().deleteOnExit();
            return Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Helm's rule: maps merge key by key, anything else replaces, null removes the key. */
    static void merge(ObjectNode base, JsonNode override) {
        override.properties().forEach(e -> {
            JsonNode current = base.get(e.getKey());
            if (e.getValue().isNull()) {
                base.remove(e.getKey());
            } else if (current instanceof ObjectNode currentObject && e.getValue().isObject()) {
                merge(currentObject, e.getValue());
            } else {
                base.set(e.getKey(), e.getValue());
            }
        });
    }

    /** Follows links, as Helm does: files/routes is a symlink to the shipped routes. */
    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static void deleteTree(Path root) {
        if (root == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp folder is not worth failing a test for
        }
    }

    /** The objects of one render, as parsed YAML. */
    record Rendered(List<JsonNode> objects) {

        static Rendered parse(String manifest) {
            List<JsonNode> objects = new ArrayList<>();
            try {
                Iterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(manifest);
                documents.forEachRemaining(d -> {
                    if (d != null && d.isObject() && d.has("kind")) {
                        objects.add(d);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("helm template wrote YAML that does not parse:\n" + manifest, e);
            }
            return new Rendered(List.copyOf(objects));
        }

        List<JsonNode> ofKind(String kind) {
            return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
        }

        /** The object of this kind and name, or null. */
        JsonNode find(String kind, String name) {
            return ofKind(kind).stream()
                    .filter(o -> name.equals(o.path("metadata").path("name").asText()))
                    .findFirst().orElse(null);
        }

        JsonNode get(String kind, String name) {
            JsonNode object = find(kind, name);
            if (object == null) {
                throw new AssertionError("no " + kind + " " + name + " among " + names());
            }
            return object;
        }

        List<String> names() {
            return objects.stream().map(o -> o.path("kind").asText() + "/" + o.path("metadata").path("name").asText()).toList();
        }

        JsonNode deployment() {
            return get("Deployment", RELEASE);
        }

        JsonNode podSpec() {
            return deployment().path("spec").path("template").path("spec");
        }

        JsonNode container() {
            return podSpec().path("containers").get(0);
        }

        JsonNode podAnnotations() {
            return deployment().path("spec").path("template").path("metadata").path("annotations");
        }

        /** The gateway's plain settings (the ConfigMap read with envFrom). */
        Map<String, String> config() {
            return stringMap(get("ConfigMap", RELEASE + "-config").path("data"));
        }

        /** File name to content, as mounted in the routes folder. */
        Map<String, String> routeFiles() {
            return stringMap(get("ConfigMap", RELEASE + "-routes").path("data"));
        }

        /** The container's env entry of this name, or a missing node. */
        JsonNode env(String name) {
            for (JsonNode entry : container().path("env")) {
                if (name.equals(entry.path("name").asText())) {
                    return entry;
                }
            }
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }

        private static Map<String, String> stringMap(JsonNode node) {
            Map<String, String> map = new java.util.TreeMap<>();
            node.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
            return map;
        }
    }
}
