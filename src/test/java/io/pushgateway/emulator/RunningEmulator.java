package io.pushgateway.emulator;

import io.pushgateway.testsupport.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One FCM emulator for a test class: started before the class's first test and stopped after its
 * last, so each test class talks to an emulator of its own and no test class repeats the start-up.
 *
 * <p>Register it on a static field; JUnit calls class-level callbacks only for those:
 * <pre>
 * &#64;RegisterExtension
 * static final RunningEmulator fcm = RunningEmulator.serving("demo-project");
 * </pre>
 * For every project it serves, the emulator writes a service-account file and grants an access
 * token for it before the first test, the way the gateway would. The counters are then zeroed, so
 * a test sees none of that set-up in {@link FcmEmulator#stats()}.
 */
final class RunningEmulator implements BeforeAllCallback, AfterAllCallback {

    private final EmulatorSettings settings;
    private final List<String> projects;
    /** Only for the set-up's token requests; the test class talks through a client of its own. */
    private final EmulatorHttp http = new EmulatorHttp();
    private final Map<String, Project> byProject = new LinkedHashMap<>();
    private FcmEmulator emulator;
    private Path keyDir;

    /** What the emulator handed out for one project. */
    private record Project(Path serviceAccountFile, TestServiceAccount account, String bearer) {
    }

    private RunningEmulator(EmulatorSettings settings, List<String> projects) {
        this.settings = settings;
        this.projects = projects;
    }

    /** Default settings, with a service account and an access token for each of {@code projects}. */
    static RunningEmulator serving(String... projects) {
        return builder().projects(projects).build();
    }

    /** Default settings and no service account: enough for the legacy API and the admin endpoints. */
    static RunningEmulator withDefaults() {
        return builder().build();
    }

    static Builder builder() {
        return new Builder();
    }

    /** The settings tests vary; everything else stays at {@link EmulatorSettings#defaults()}. */
    static final class Builder {

        private EmulatorSettings settings = EmulatorSettings.defaults();
        private List<String> projects = List.of();

        private Builder() {
        }

        /** The Firebase projects to write service accounts for; the first is the one {@link #bearer()} serves. */
        Builder projects(String... names) {
            this.projects = List.of(names);
            return this;
        }

        /**
         * For tests that close the port and expect the emulator to listen on it again: a port from
         * the ephemeral range could be taken by some client's outgoing connection in between.
         */
        Builder portOutsideEphemeralRange() {
            settings = settings.withPort(FreePorts.outsideEphemeralRange());
            return this;
        }

        Builder latency(Duration latency) {
            settings = settings.withLatency(latency);
            return this;
        }

        Builder threads(int threads) {
            settings = settings.withThreads(threads);
            return this;
        }

        Builder legacyApiKey(String key) {
            settings = settings.withLegacyApiKey(key);
            return this;
        }

        Builder maxConcurrentStreams(int streams) {
            settings = settings.withMaxConcurrentStreams(streams);
            return this;
        }

        RunningEmulator build() {
            return new RunningEmulator(settings, projects);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        keyDir = Files.createTempDirectory("running-emulator-");
        emulator = FcmEmulator.start(settings);
        try {
            for (String project : projects) {
                // One folder per project: the emulator always names its file the same.
                Path file = emulator.writeServiceAccountFile(keyDir.resolve(project), project);
                TestServiceAccount account = TestServiceAccount.load(file);
                byProject.put(project, new Project(file, account, account.accessToken(http, emulator.tokenUrl())));
            }
            emulator.resetStats();
        } catch (RuntimeException e) {
            afterAll(context);
            throw e;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (emulator != null) {
            emulator.close();
            emulator = null;
        }
        byProject.clear();
        deleteKeys();
    }

    /** The emulator itself, for its URLs, stats, outages and latency. */
    FcmEmulator emulator() {
        requireRunning();
        return emulator;
    }

    /** {@code http://127.0.0.1:<port>}, where the v1, legacy, token and admin endpoints all live. */
    String baseUrl() {
        return emulator().baseUrl();
    }

    /** The service account of the first project. */
    TestServiceAccount account() {
        return project(firstProject()).account();
    }

    TestServiceAccount account(String project) {
        return project(project).account();
    }

    /** Where the first project's service-account file is, for clients that read it themselves. */
    Path serviceAccountFile() {
        return project(firstProject()).serviceAccountFile();
    }

    /** An access token the emulator granted to the first project's service account before the first test. */
    String bearer() {
        return project(firstProject()).bearer();
    }

    String bearer(String project) {
        return project(project).bearer();
    }

    private String firstProject() {
        if (projects.isEmpty()) {
            throw new IllegalStateException("this emulator serves no project: name one with RunningEmulator.serving(...)");
        }
        return projects.get(0);
    }

    private Project project(String name) {
        requireRunning();
        Project project = byProject.get(name);
        if (project == null) {
            throw new IllegalArgumentException("no service account for project '" + name + "'; this emulator serves "
                    + projects);
        }
        return project;
    }

    /** JUnit skips class-level callbacks of an extension on an instance field, so it would never start. */
    private void requireRunning() {
        if (emulator == null) {
            throw new IllegalStateException("the emulator is not running: register RunningEmulator with "
                    + "@RegisterExtension on a static field");
        }
    }

    private void deleteKeys() {
        if (keyDir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(keyDir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the service-account keys in " + keyDir, e);
        }
        keyDir = null;
    }
}
