package io.pushgateway.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged gateway jar in a JVM of its own, as in production, so a test can kill -9 it or
 * send it SIGTERM. Only this process is ever signalled, by its own handle.
 */
final class GatewayProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private GatewayProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static GatewayProcess start(Path log, Map<String, String> properties) {
        return start(log, properties, Duration.ofSeconds(90));
    }

    /** As {@link #start(Path, Map)}, waiting up to {@code startTimeout} for "Started" (several JVMs starting at once). */
    static GatewayProcess start(Path log, Map<String, String> properties, Duration startTimeout) {
        String jar = System.getProperty("gateway.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("gateway.jar not found (" + jar + "): the fault suite runs after package");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m", "-jar", jar));
        properties.forEach((k, v) -> command.add("--" + k + "=" + v));
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
            GatewayProcess gateway = new GatewayProcess(process, log);
            try {
                gateway.awaitLog("Started PushGatewayApplication", startTimeout);
            } catch (RuntimeException notStarted) {
                // Nobody holds a handle to a gateway that failed to start: stop it here, or it outlives the test.
                gateway.close();
                throw notStarted;
            }
            return gateway;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the gateway", e);
        }
    }

    /** Waits until this run's log (a fresh file per run) contains {@code text}. */
    void awaitLog(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (logText().contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway exited (" + process.exitValue() + "):\n" + tail());
            }
            pause(100);
        }
        throw new IllegalStateException("no '" + text + "' in the gateway log within " + timeout + ":\n" + tail());
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no ack, nothing finished. */
    void kill9() {
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(30));
    }

    /** SIGTERM, as Kubernetes sends on a rolling update; returns how long the gateway took to exit. */
    Duration terminate(Duration timeout) {
        long start = System.nanoTime();
        process.destroy();
        waitForExit(timeout);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    private String tail() {
        String text = logText();
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }

    private void waitForExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the gateway did not exit within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
