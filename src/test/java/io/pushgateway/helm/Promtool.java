package io.pushgateway.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Prometheus' own checker, {@code promtool} from Debian's {@code prometheus} package
 * ({@code scripts/install-prerequisites.sh --promtool}, which {@code scripts/test.sh} runs). It parses
 * every expression and annotation template as Prometheus will, and runs rule unit tests on made-up
 * series. Without it the tests fail, saying how to install it: a rule set nobody parsed is not checked.
 */
final class Promtool {

    private static final Path DEBIAN = Path.of("/usr/bin/promtool");

    private Promtool() {
    }

    /** What promtool printed, and its exit code. */
    record Result(int exitCode, String output) {
    }

    /** {@code promtool check rules} on the rule groups of a rendered PrometheusRule. */
    static Result checkRules(JsonNode prometheusRule) {
        Path dir = tempDir();
        Path rules = writeRules(dir, prometheusRule.path("spec"));
        return run(dir, "check", "rules", rules.getFileName().toString());
    }

    /**
     * {@code promtool test rules}: {@code tests} is a unit-test file's YAML without its
     * {@code rule_files}, which this adds (the rendered groups, as rules.yaml). Annotations are left
     * out of the rules, so the tests compare labels only; {@link #checkRules} parses the annotations.
     */
    static Result testRules(JsonNode prometheusRule, String tests) {
        Path dir = tempDir();
        ObjectNode spec = prometheusRule.path("spec").deepCopy();
        spec.path("groups").forEach(group -> group.path("rules").forEach(rule -> ((ObjectNode) rule).remove("annotations")));
        writeRules(dir, spec);
        try {
            Path file = dir.resolve("tests.yaml");
            file.toFile().deleteOnExit();
            Files.writeString(file, "rule_files: [rules.yaml]\n" + tests);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return run(dir, "test", "rules", "tests.yaml");
    }

    private static Path writeRules(Path dir, JsonNode spec) {
        try {
            Path file = dir.resolve("rules.yaml");
            file.toFile().deleteOnExit();
            HelmChart.YAML.writeValue(file.toFile(), spec);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Result run(Path dir, String... args) {
        List<String> command = Stream.concat(Stream.of(executable().toString()), Stream.of(args)).toList();
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("promtool did not finish within 2 minutes: " + command);
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path executable() {
        if (Files.isExecutable(DEBIAN)) {
            return DEBIAN;
        }
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(java.io.File.pathSeparator)).map(d -> Path.of(d, "promtool"))
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError("promtool is not installed, so the alert rules cannot be checked:"
                        + " run scripts/install-prerequisites.sh --promtool (Debian's prometheus package)"));
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("promtool-");
            dir.toFile().deleteOnExit(); // after its files, which register later and go first
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
