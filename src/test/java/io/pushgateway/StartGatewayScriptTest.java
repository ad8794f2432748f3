package io.pushgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/start-gateway.sh against fake JDK homes whose {@code bin/java} prints its arguments: which
 * cache it passes to which JDK, and when it starts plain.
 */
class StartGatewayScriptTest {

    private static final Path SCRIPT = Path.of("scripts", "start-gateway.sh").toAbsolutePath();

    @TempDir
    Path dir;
    private Path app;

    @BeforeEach
    void extractedJar() throws IOException {
        app = Files.createDirectories(dir.resolve("app"));
        Files.writeString(app.resolve("push-gateway.jar"), "not read: java is a fake");
        Files.createDirectories(app.resolve("startup-cache"));
    }

    @Test
    void java25WithACacheOfItsOwnBuildStartsWithTheAotCache() throws Exception {
        Path jdk = fakeJdk("25.0.3", "25.0.3+9-LTS");
        Path cache = cache("jdk25.aot", "25.0.3+9-LTS");

        Result result = start(jdk, Map.of(), "--server.port=0");

        assertThat(result.javaArgs()).containsExactly("-XX:AOTCache=" + cache, "-jar", app.resolve("push-gateway.jar").toString(),
                "--server.port=0");
        assertThat(result.said()).contains("Java 25.0.3+9-LTS").contains("AOT cache " + cache);
    }

    @Test
    void aCacheMadeByAnotherJdkBuildIsNotPassed() throws Exception {
        Path jdk = fakeJdk("25.0.4", "25.0.4+7-LTS");
        cache("jdk25.aot", "25.0.3+9-LTS");

        Result result = start(jdk, Map.of());

        assertThat(result.javaArgs()).noneMatch(arg -> arg.startsWith("-XX:AOTCache"));
        assertThat(result.said()).contains("plain").contains("made by 25.0.3+9-LTS");
    }

    @Test
    void java17UsesItsCdsArchive() throws Exception {
        Path jdk = fakeJdk("17.0.15", "17.0.15+6");
        Path archive = cache("jdk17.jsa", "17.0.15+6");

        Result result = start(jdk, Map.of("JAVA_OPTS", "-Xmx256m"));

        assertThat(result.javaArgs()).startsWith("-XX:SharedArchiveFile=" + archive, "-Xmx256m", "-jar");
        assertThat(result.said()).contains("CDS archive");
    }

    @Test
    void withTheCacheSwitchedOffItStartsPlain() throws Exception {
        Path jdk = fakeJdk("25.0.3", "25.0.3+9-LTS");
        cache("jdk25.aot", "25.0.3+9-LTS");

        Result result = start(jdk, Map.of("STARTUP_CACHE", "off"));

        assertThat(result.javaArgs()).first().isEqualTo("-jar");
        assertThat(result.said()).contains("plain (no start-up cache)");
    }

    @Test
    void loaderMainInJavaToolOptionsStartsThatMainClass() throws Exception {
        Path jdk = fakeJdk("25.0.3", "25.0.3+9-LTS");

        Result result = start(jdk, Map.of("JAVA_TOOL_OPTIONS", "-Dloader.main=io.pushgateway.emulator.FcmEmulator"),
                "--port=18099");

        assertThat(result.javaArgs()).containsExactly("-cp", app.resolve("push-gateway.jar").toString(),
                "io.pushgateway.emulator.FcmEmulator", "--port=18099");
    }

    private record Result(List<String> javaArgs, String said) {
    }

    private Result start(Path jdk, Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JAVA_OPTS");
        builder.environment().putAll(Map.of("APP_DIR", app.toString(), "PUSHGW_JAVA", jdk.toString()));
        builder.environment().putAll(env);
        Path stderr = dir.resolve("stderr.txt");
        builder.redirectError(stderr.toFile());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(stderr)).isZero();
        return new Result(out.lines().toList(), Files.readString(stderr));
    }

    /** A JDK home with a release file and a bin/java that prints one argument a line. */
    private Path fakeJdk(String version, String runtimeVersion) throws IOException {
        Path home = Files.createDirectories(dir.resolve("jdk-" + runtimeVersion));
        Files.writeString(home.resolve("release"),
                "JAVA_RUNTIME_VERSION=\"" + runtimeVersion + "\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    private Path cache(String name, String madeBy) throws IOException {
        Path cache = app.resolve("startup-cache").resolve(name);
        Files.writeString(cache, "cache");
        Files.writeString(cache.resolveSibling(name + ".jdk"), madeBy + "\n");
        return cache;
    }
}
