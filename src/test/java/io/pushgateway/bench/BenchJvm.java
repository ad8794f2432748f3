package io.pushgateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM the benchmark started (the emulator or the gateway), with its log, its start time, and its
 * CPU time and peak RSS read from /proc. Only this process is ever signalled, by its own handle.
 */
final class BenchJvm implements AutoCloseable {

    private static final long CLOCK_TICKS = clockTicks();

    private final String name;
    private final Process process;
    private final Path log;
    private final long startedNanos;
    private final long startedEpochMillis;

    private BenchJvm(String name, Process process, Path log, long startedNanos, long startedEpochMillis) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.startedNanos = startedNanos;
        this.startedEpochMillis = startedEpochMillis;
    }

    static BenchJvm start(String name, List<String> command, Path log) {
        return start(name, command, Map.of(), log);
    }

    /** Starts {@code command} with {@code env} added to this JVM's environment. */
    static BenchJvm start(String name, List<String> command, Map<String, String> env, Path log) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().putAll(env);
            long startedMillis = System.currentTimeMillis();
            long started = System.nanoTime();
            Process process = builder.start();
            return new BenchJvm(name, process, log, started, startedMillis);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name, e);
        }
    }

    /** Waits for {@code text} in the log; returns the time since the process was started. */
    Duration awaitLog(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (logText().contains(text)) {
                return Duration.ofNanos(System.nanoTime() - startedNanos);
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited (" + process.exitValue() + "):\n" + tail());
            }
            pause(20);
        }
        throw new IllegalStateException("no '" + text + "' in the " + name + " log within " + timeout + ":\n" + tail());
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int exitValue() {
        return process.exitValue();
    }

    /** Wall-clock time of the start, to set against the emulator's epoch-millis timestamps. */
    long startedEpochMillis() {
        return startedEpochMillis;
    }

    /** Time since the process was started. */
    Duration sinceStart() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** utime + stime of the process so far, in seconds. */
    double cpuSeconds() {
        return cpuSecondsOf(pid());
    }

    /** utime + stime of process {@code pid} so far (its own threads, not its children), in seconds; -1 if gone. */
    static double cpuSecondsOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Peak resident set size (VmHWM) in MiB. */
    double peakRssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    String tail() {
        String text = logText();
        return text.length() > 3000 ? text.substring(text.length() - 3000) : text;
    }

    /** SIGTERM, then SIGKILL if it does not exit in time. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (Exception e) {
            return 100;
        }
    }
}
