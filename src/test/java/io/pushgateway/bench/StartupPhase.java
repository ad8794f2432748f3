package io.pushgateway.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
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
 * The start-up rows: the gateway started {@code repeats} times per JDK, with its start-up cache and
 * without, through scripts/start-gateway.sh, against an empty intake queue. Measured: to "Started
 * PushGatewayApplication" (the JVM's own "process running for"), and from process start to the
 * first consumer on the intake queue (seen by the broker: a passive declare's consumer count, read
 * every 25 ms); medians are reported.
 */
final class StartupPhase {

    /** One way of starting: a JDK home, with the cache or plain. */
    record Variant(String javaHome, boolean cache) {

        String name() {
            return javaHome.replaceAll(".*/", "") + (cache ? " +cache" : " plain");
        }
    }

    /** Starts a gateway on a vhost with the launcher's environment for one variant. */
    interface Launcher {
        BenchJvm start(String vhost, Map<String, String> launcherEnv, String name);
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
            Map<String, String> env = Map.of("PUSHGW_JAVA", variant.javaHome(), "STARTUP_CACHE", variant.cache() ? "auto" : "off");
            try (Connection connection = publisher.connect(vhost); Channel channel = connection.createChannel();
                 BenchJvm gateway = launcher.start(vhost, env, "startup-" + i)) {
                double consuming = awaitConsumer(channel, gateway);
                double cpuAtConsuming = gateway.cpuSeconds();
                gateway.awaitLog("Started PushGatewayApplication", timeout);
                double started = ThroughputBenchmark.processRunningFor(gateway.logText());
                picked = picked(gateway.logText());
                starts.add(new double[] {started, consuming, cpuAtConsuming, gateway.peakRssMib()});
                System.out.printf(Locale.ROOT, "  started %.2f s, consuming %.2f s, CPU %.1f s%n", started, consuming,
                        cpuAtConsuming);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("variant", variant.name());
        out.put("javaHome", variant.javaHome());
        out.put("cache", variant.cache());
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

    private static double median(List<double[]> rows, int column) {
        List<double[]> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingDouble(r -> r[column]));
        int n = sorted.size();
        double m = n % 2 == 1 ? sorted.get(n / 2)[column] : (sorted.get(n / 2 - 1)[column] + sorted.get(n / 2)[column]) / 2;
        return Math.round(m * 100) / 100.0;
    }
}
