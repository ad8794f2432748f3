package io.pushgateway.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The start-up rows: the gateway started {@code repeats} times per JDK, through
 * scripts/start-gateway.sh with its start-up cache and without, and as a user starts the fat jar
 * ({@code java -jar push-gateway-*.jar}, JVM defaults), against an empty intake queue. Measured: to "Started
 * PushGatewayApplication" (the JVM's own "process running for"), and from process start to the
 * first consumer on the intake queue (seen by the broker: a passive declare's consumer count, read
 * every 25 ms); medians are reported.
 */
final class StartupPhase {

    /**
     * How the gateway is started: scripts/start-gateway.sh with the start-up cache made for the JDK
     * (as the image does), the same script without it, or {@code java -jar} of the fat jar with JVM
     * defaults (as a user tries it, issue 18's row).
     */
    enum Launch {
        SCRIPT_CACHE(" +cache"), SCRIPT_PLAIN(" plain"), FAT_JAR(" java -jar");

        private final String suffix;

        Launch(String suffix) {
            this.suffix = suffix;
        }
    }

    /** One way of starting: a JDK home and how. */
    record Variant(String javaHome, Launch launch) {

        String name() {
            return javaHome.replaceAll(".*/", "") + launch.suffix;
        }

        /** The launcher's environment (scripts/start-gateway.sh) for this variant; empty for the fat jar. */
        Map<String, String> launcherEnv() {
            return launch == Launch.FAT_JAR ? Map.of()
                    : Map.of("PUSHGW_JAVA", javaHome, "STARTUP_CACHE", launch == Launch.SCRIPT_CACHE ? "auto" : "off");
        }
    }

    /** Starts a gateway on a vhost for one variant. */
    interface Launcher {
        BenchJvm start(String vhost, Variant variant, String name);
    }

    private static final Pattern PICKED = Pattern.compile("start-gateway: (.*)");
    private static final Duration POLL = Duration.ofMillis(25);
    /** The JVM's words when a cache does not match it or the jars (JDK 17 CDS; JDK 25 AOT). */
    private static final List<String> REFUSED = List.of("Unable to use shared archive", "Unable to map shared spaces");

    private final RequestPublisher publisher;
    private final Function<String, String> freshVhost;
    private final Launcher launcher;
    private final Duration timeout;

    StartupPhase(RequestPublisher publisher, Function<String, String> freshVhost, Launcher launcher, Duration timeout) {
        this.publisher = publisher;
        this.freshVhost = freshVhost;
        this.launcher = launcher;
        this.timeout = timeout;
    }

    Map<String, Object> run(Variant variant, int repeats, String queueType) throws Exception {
        System.out.printf(Locale.ROOT, "%n== start-up / %s: %d starts%n", variant.name(), repeats);
        List<double[]> starts = new ArrayList<>();
        String picked = "?";
        for (int i = 0; i < repeats; i++) {
            String vhost = freshVhost.apply("startup");
            publisher.declareTopology(vhost, queueType);
            try (Connection connection = publisher.connect(vhost); Channel channel = connection.createChannel();
                 BenchJvm gateway = launcher.start(vhost, variant, "startup-" + variant.launch().name().toLowerCase() + "-" + i)) {
                double consuming = awaitConsumer(channel, gateway);
                double cpuAtConsuming = gateway.cpuSeconds();
                gateway.awaitLog("Started PushGatewayApplication", timeout);
                double started = ThroughputBenchmark.processRunningFor(gateway.logText());
                picked = variant.launch() == Launch.FAT_JAR ? fatJar(variant.javaHome(), gateway.logText())
                        : picked(gateway.logText());
                starts.add(new double[] {started, consuming, cpuAtConsuming, gateway.peakRssMib()});
                System.out.printf(Locale.ROOT, "  started %.2f s, consuming %.2f s, CPU %.1f s%n", started, consuming,
                        cpuAtConsuming);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("variant", variant.name());
        out.put("javaHome", variant.javaHome());
        out.put("cache", variant.launch() == Launch.SCRIPT_CACHE);
        out.put("launch", variant.launch().name());
        out.put("launcher", picked);
        out.put("starts", repeats);
        out.put("startedSeconds", median(starts, 0));
        out.put("consumingSeconds", median(starts, 1));
        out.put("cpuSecondsToConsuming", median(starts, 2));
        out.put("peakRssMib", median(starts, 3));
        out.put("allStarts", starts.stream().map(s -> Map.of("startedSeconds", s[0], "consumingSeconds", s[1])).toList());
        return out;
    }

    /** Seconds from process start until the broker reports a consumer on the intake queue. */
    private double awaitConsumer(Channel channel, BenchJvm gateway) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (RequestPublisher.intakeConsumers(channel) > 0) {
                return gateway.sinceStart().toMillis() / 1000.0;
            }
            if (!gateway.isAlive()) {
                throw new IllegalStateException("the gateway exited (" + gateway.exitValue() + "):\n" + gateway.tail());
            }
            BenchJvm.pause(POLL.toMillis());
        }
        throw new IllegalStateException("no consumer on " + RequestPublisher.INTAKE_QUEUE + " within " + timeout
                + ":\n" + gateway.tail());
    }

    /**
     * What scripts/start-gateway.sh said it started (the JDK, and the cache or plain), and whether
     * the JVM then refused the cache (it logs that and starts plain).
     */
    static String picked(String log) {
        Matcher m = PICKED.matcher(log);
        String picked = m.find() ? m.group(1).trim() : "?";
        boolean refused = REFUSED.stream().anyMatch(log::contains);
        return refused ? picked + ", refused by the JVM: plain" : picked;
    }

    /** What a {@code java -jar} start ran: the JDK build, and whether the JVM refused a cache (it has none). */
    static String fatJar(String javaHome, String log) {
        String build = "?";
        try {
            for (String line : Files.readAllLines(Path.of(javaHome, "release"))) {
                if (line.startsWith("JAVA_RUNTIME_VERSION=")) {
                    build = line.substring(line.indexOf('=') + 1).replace("\"", "");
                }
            }
        } catch (IOException e) {
            // reported as "?"
        }
        String picked = "Java " + build + " (" + javaHome + "), java -jar of the fat jar, JVM defaults";
        return REFUSED.stream().anyMatch(log::contains) ? picked + ", refused a shared archive" : picked;
    }

    private static double median(List<double[]> rows, int column) {
        List<double[]> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingDouble(r -> r[column]));
        int n = sorted.size();
        double m = n % 2 == 1 ? sorted.get(n / 2)[column] : (sorted.get(n / 2 - 1)[column] + sorted.get(n / 2)[column]) / 2;
        return Math.round(m * 100) / 100.0;
    }
}
