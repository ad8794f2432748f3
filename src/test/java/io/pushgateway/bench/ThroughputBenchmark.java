package io.pushgateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.pushgateway.config.PushProperties;
import io.pushgateway.emulator.EmulatorSettings;
import io.pushgateway.testsupport.PrivateRabbitNode;
import io.pushgateway.topology.BrokerTopology;
import io.pushgateway.topology.TopologyDeclarer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * The throughput benchmark (scripts/benchmark.sh): a private RabbitMQ node, the FCM emulator in its
 * own JVM, the gateway jar in its own JVM. Per workload and protocol it pre-publishes persistent
 * requests, starts the gateway and measures tokens/s between the emulator's first and last answered
 * send, start-up time, gateway CPU seconds, peak RSS, tokens lost and sent twice; then end-to-end
 * latency at half the measured maximum load, the quota guard below capacity, and the emulator's
 * own ceiling at the same concurrency. Prints a table and writes a JSON file.
 *
 * <p>Not a JUnit test (no *Test/*IT name): run it with scripts/benchmark.sh --help.
 */
public final class ThroughputBenchmark {

    static final String USAGE = """
            usage: scripts/benchmark.sh [options]
              --workloads=events,broadcast   which workloads (events: 20000 requests x 2 tokens; broadcast: 20 x 10000)
              --protocols=v1,legacy          which FCM protocols
              --latency-ms=20                emulator latency per send answer
              --out=target/benchmark.json    JSON result file
              --latency-phase=true           p50/p99 publish -> FCM at half the measured max load (events)
              --latency-seconds=10           duration of the offered load
              --warmup-seconds=10            load run through the gateway (unmeasured) before the latency and quota phases
              --rate-limit=auto              quota-guard check: auto (half the measured events max), N tokens/s, or 0 (skip)
              --ceiling-seconds=4            duration of each emulator-ceiling run
              --set=key=value                gateway property (repeatable), e.g. --set=push.intake.consumers=32
              --gateway-jvm="-Xmx256m"       JVM options of the gateway (the chart's heap: half of its 512Mi limit)
              --events-requests=20000 --broadcast-requests=20 --broadcast-tokens=10000
              --queue-type=quorum            intake queue type the benchmark declares (quorum|classic)
              --phase-timeout-s=300          upper bound of each phase; the run always stops by itself
              --jar=PATH                     the gateway jar (set by the script)
            """;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final List<Duration> RETRY_DELAYS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(10));
    private static final String PROJECT = "bench-project";
    /** The Helm chart's heap: MaxRAMPercentage=50 of its 512Mi memory limit. */
    private static final String GATEWAY_JVM = "-Xmx256m";

    private final Map<String, String> options;
    private final Map<String, String> gatewaySets = new LinkedHashMap<>();
    private final Path jar;
    private final Path workDir;
    private final Duration phaseTimeout;
    private PrivateRabbitNode node;
    private EmulatorClient emulator;
    private Path serviceAccount;
    private int vhosts;

    private ThroughputBenchmark(Map<String, String> options, List<String> sets) {
        this.options = options;
        for (String set : sets) {
            int eq = set.indexOf('=');
            gatewaySets.put(set.substring(0, eq), set.substring(eq + 1));
        }
        this.jar = Path.of(option("jar", "target/push-gateway-0.1.0-SNAPSHOT.jar")).toAbsolutePath();
        this.workDir = Path.of(option("work-dir", "target"), "bench-" + System.currentTimeMillis()).toAbsolutePath();
        this.phaseTimeout = Duration.ofSeconds(Long.parseLong(option("phase-timeout-s", "300")));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> sets = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.println(USAGE);
                return;
            }
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                System.err.println("expected --name=value but got '" + arg + "'\n" + USAGE);
                System.exit(2);
            }
            String name = arg.substring(2, eq);
            if (name.equals("set")) {
                sets.add(arg.substring(eq + 1));
            } else {
                options.put(name, arg.substring(eq + 1));
            }
        }
        int status = 0;
        try {
            new ThroughputBenchmark(options, sets).run();
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        // Shutdown hooks stop the private RabbitMQ node by pid.
        System.exit(status);
    }

    private String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    private int gatewayInt(String key, int fallback) {
        return Integer.parseInt(gatewaySets.getOrDefault(key, String.valueOf(fallback)));
    }

    private void run() throws Exception {
        if (!Files.exists(jar)) {
            throw new IllegalStateException("gateway jar not found: " + jar);
        }
        List<String> workloads = Arrays.asList(option("workloads", "events,broadcast").split(","));
        List<String> protocols = Arrays.asList(option("protocols", "v1,legacy").split(","));
        int latencyMs = Integer.parseInt(option("latency-ms", "20"));
        Path out = Path.of(option("out", "target/benchmark.json"));
        Files.createDirectories(workDir);

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("startedAt", Instant.now().toString());
        result.put("machine", machine());
        result.put("emulatorLatencyMs", latencyMs);
        result.put("gatewayJvm", option("gateway-jvm", GATEWAY_JVM));
        result.put("gatewayProperties", gatewaySets);
        result.put("queueType", option("queue-type", "quorum"));
        List<Map<String, Object>> runs = new ArrayList<>();
        List<Map<String, Object>> latencies = new ArrayList<>();
        List<Map<String, Object>> rateLimits = new ArrayList<>();
        List<Map<String, Object>> ceilings = new ArrayList<>();
        result.put("runs", runs);
        result.put("latency", latencies);
        result.put("rateLimit", rateLimits);
        result.put("emulatorCeiling", ceilings);

        node = PrivateRabbitNode.shared();
        System.out.println("RabbitMQ node on 127.0.0.1:" + node.port() + "; work dir " + workDir);
        int emulatorPort = freePort();
        List<String> emulatorCommand = List.of(javaBin(), "-Xmx512m", "-Dloader.main=io.pushgateway.emulator.FcmEmulator",
                "-jar", jar.toString(), "--port=" + emulatorPort, "--latency-ms=" + latencyMs,
                "--service-account-dir=" + workDir, "--project-id=" + PROJECT);
        try (BenchJvm emulatorJvm = BenchJvm.start("emulator", emulatorCommand, workDir.resolve("emulator.log"))) {
            Runtime.getRuntime().addShutdownHook(new Thread(emulatorJvm::close));
            emulatorJvm.awaitLog("FCM emulator listening on", Duration.ofSeconds(60));
            emulator = new EmulatorClient("http://127.0.0.1:" + emulatorPort);
            serviceAccount = workDir.resolve("emulator-service-account.json");

            Map<String, Double> maxByProtocolEvents = new LinkedHashMap<>();
            for (String workload : workloads) {
                for (String protocol : protocols) {
                    Map<String, Object> run = throughputRun(workload, protocol);
                    runs.add(run);
                    if (workload.equals("events")) {
                        maxByProtocolEvents.put(protocol, (Double) run.get("tokensPerSecond"));
                    }
                    writeJson(out, result);
                }
            }
            if (Boolean.parseBoolean(option("latency-phase", "true"))) {
                for (String protocol : protocols) {
                    double max = maxByProtocolEvents.getOrDefault(protocol, 0.0);
                    if (max <= 0) {
                        continue;
                    }
                    latencies.add(latencyRun(protocol, max / 2));
                    writeJson(out, result);
                }
            }
            String rate = option("rate-limit", "auto");
            if (!rate.equals("0")) {
                for (String protocol : protocols) {
                    long limit = rate.equals("auto")
                            ? Math.round(maxByProtocolEvents.getOrDefault(protocol, 0.0) / 2 / 100) * 100
                            : Long.parseLong(rate);
                    if (limit <= 0) {
                        continue;
                    }
                    rateLimits.add(rateLimitRun(protocol, limit));
                    writeJson(out, result);
                }
            }
            Duration ceilingTime = Duration.ofSeconds(Long.parseLong(option("ceiling-seconds", "4")));
            for (String workload : workloads) {
                for (String protocol : protocols) {
                    ceilings.add(ceilingRun(workload, protocol, ceilingTime));
                }
            }
            emulator.reset();
            result.put("emulatorCpuSeconds", emulatorJvm.cpuSeconds());
        }
        result.put("finishedAt", Instant.now().toString());
        result.put("loadAverageAtEnd", loadAverage());
        attachCeilings(runs, ceilings);
        writeJson(out, result);
        printTable(result);
        System.out.println("JSON: " + out.toAbsolutePath());
    }

    // ---------------------------------------------------------------- phases

    private Map<String, Object> throughputRun(String workload, String protocol) throws Exception {
        boolean events = workload.equals("events");
        int requests = Integer.parseInt(events ? option("events-requests", "20000") : option("broadcast-requests", "20"));
        int tokensPerRequest = events ? 2 : Integer.parseInt(option("broadcast-tokens", "10000"));
        long expected = (long) requests * tokensPerRequest;
        System.out.printf(Locale.ROOT, "%n== %s / %s: %d requests x %d tokens%n", workload, protocol, requests, tokensPerRequest);
        String vhost = freshVhost(workload + "-" + protocol);
        String prefix = "r" + vhosts + "-";
        long publishStart = System.nanoTime();
        publish(vhost, requests, tokensPerRequest, prefix, 0);
        System.out.printf(Locale.ROOT, "  published in %.1f s%n", (System.nanoTime() - publishStart) / 1e9);
        emulator.reset();
        String load = loadAverage();
        try (BenchJvm gateway = startGateway(vhost, protocol, Map.of(), workload + "-" + protocol)) {
            Duration startup = gateway.awaitLog("Started PushGatewayApplication", Duration.ofSeconds(120));
            double cpuAtStart = gateway.cpuSeconds();
            System.out.printf(Locale.ROOT, "  started in %.2f s (%.1f CPU s)%n", startup.toMillis() / 1000.0, cpuAtStart);
            awaitDelivered(expected, gateway);
            BenchJvm.pause(1500);
            JsonNode summary = emulator.summary();
            double cpu = gateway.cpuSeconds();
            double rss = gateway.peakRssMib();
            Map<String, Object> run = figures(summary, expected);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("workload", workload);
            out.put("protocol", protocol);
            out.put("requests", requests);
            out.put("tokensPerRequest", tokensPerRequest);
            out.putAll(run);
            out.put("startupSeconds", startup.toMillis() / 1000.0);
            out.put("gatewayCpuSeconds", cpu);
            out.put("gatewayCpuSecondsAfterStartup", cpu - cpuAtStart);
            out.put("peakRssMib", rss);
            out.put("loadAverageBefore", load);
            System.out.printf(Locale.ROOT, "  %,.0f tokens/s, lost %s, twice %s, CPU %.1f s, RSS %.0f MiB%n",
                    (Double) out.get("tokensPerSecond"), out.get("lost"), out.get("sentTwice"), cpu, rss);
            return out;
        }
    }

    private Map<String, Object> latencyRun(String protocol, double tokensPerSecond) throws Exception {
        int seconds = Integer.parseInt(option("latency-seconds", "10"));
        double requestsPerSecond = tokensPerSecond / 2;
        int requests = (int) Math.round(requestsPerSecond * seconds);
        System.out.printf(Locale.ROOT, "%n== latency / %s: %,.0f tokens/s offered (%,.0f requests/s x 2 tokens) for %d s%n",
                protocol, tokensPerSecond, requestsPerSecond, seconds);
        String vhost = freshVhost("latency-" + protocol);
        declareTopology(vhost);
        try (BenchJvm gateway = startGateway(vhost, protocol, Map.of(), "latency-" + protocol)) {
            gateway.awaitLog("Started PushGatewayApplication", Duration.ofSeconds(120));
            warmUp(vhost, gateway, requestsPerSecond);
            long start = System.nanoTime();
            publish(vhost, requests, 2, "l" + vhosts + "-", requestsPerSecond);
            double publishSeconds = (System.nanoTime() - start) / 1e9;
            awaitDelivered(requests * 2L, gateway);
            BenchJvm.pause(1000);
            JsonNode summary = emulator.summary();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("protocol", protocol);
            out.put("offeredTokensPerSecond", Math.round(tokensPerSecond));
            out.put("achievedPublishTokensPerSecond", Math.round(requests * 2 / publishSeconds));
            out.putAll(figures(summary, requests * 2L));
            JsonNode latency = summary.path("publishLatencyMillis");
            out.put("samples", latency.path("count").asLong());
            out.put("p50Millis", latency.path("p50").asLong());
            out.put("p99Millis", latency.path("p99").asLong());
            out.put("maxMillis", latency.path("max").asLong());
            out.put("peakRssMib", gateway.peakRssMib());
            out.put("loadAverage", loadAverage());
            System.out.printf(Locale.ROOT, "  p50 %d ms, p99 %d ms, lost %s%n", latency.path("p50").asLong(),
                    latency.path("p99").asLong(), out.get("lost"));
            return out;
        }
    }

    private Map<String, Object> rateLimitRun(String protocol, long limit) throws Exception {
        int seconds = 10;
        int requests = (int) (limit * seconds / 2);
        System.out.printf(Locale.ROOT, "%n== quota guard / %s: push.fcm.rate-limit=%d, %d requests x 2 tokens published at once after warm-up%n",
                protocol, limit, requests);
        String vhost = freshVhost("ratelimit-" + protocol);
        declareTopology(vhost);
        try (BenchJvm gateway = startGateway(vhost, protocol, Map.of("push.fcm.rate-limit", String.valueOf(limit)),
                "ratelimit-" + protocol)) {
            gateway.awaitLog("Started PushGatewayApplication", Duration.ofSeconds(120));
            warmUp(vhost, gateway, limit / 2.0);
            // All at once, far faster than the limit: the backlog is what the guard must hold back.
            publish(vhost, requests, 2, "q" + vhosts + "-", 0);
            awaitDelivered(requests * 2L, gateway);
            BenchJvm.pause(1000);
            JsonNode summary = emulator.summary();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("protocol", protocol);
            out.put("limitTokensPerSecond", limit);
            out.putAll(figures(summary, requests * 2L));
            double achieved = (Double) out.get("tokensPerSecond");
            double deviation = (achieved - limit) / limit * 100;
            out.put("deviationPercent", Math.round(deviation * 100) / 100.0);
            out.put("withinFivePercent", Math.abs(deviation) <= 5);
            System.out.printf(Locale.ROOT, "  achieved %,.0f tokens/s vs limit %d (%+.2f %%), lost %s%n", achieved, limit,
                    deviation, out.get("lost"));
            return out;
        }
    }

    /**
     * Runs {@code --warmup-seconds} (default 10) of requests through a freshly started gateway at
     * {@code requestsPerSecond}, then clears the emulator's figures. A just-started JVM spends about
     * half its CPU compiling for its first tens of seconds; latency and the quota guard are properties
     * of a running gateway, so they are measured after that (the throughput runs include it).
     */
    private void warmUp(String vhost, BenchJvm gateway, double requestsPerSecond) throws Exception {
        int seconds = Integer.parseInt(option("warmup-seconds", "10"));
        int requests = (int) Math.round(requestsPerSecond * seconds);
        emulator.reset();
        if (requests > 0) {
            publish(vhost, requests, 2, "w" + vhosts + "-", requestsPerSecond);
            awaitDelivered(requests * 2L, gateway);
        }
        BenchJvm.pause(1000);
        emulator.reset();
    }

    private Map<String, Object> ceilingRun(String workload, String protocol, Duration duration) throws Exception {
        int concurrency = gatewayInt("push.fcm.concurrency", 128);
        // Fallbacks are the gateway's own defaults (application.yaml).
        int consumers = gatewayInt("push.intake.consumers", 64);
        boolean v1 = protocol.equals("v1");
        boolean events = workload.equals("events");
        int batch = gatewayInt("push.gcm.batch-size", 1000);
        int tokensPerRequest = events ? 2 : Integer.parseInt(option("broadcast-tokens", "10000"));
        // The most FCM calls the gateway can have in flight for this workload.
        int callsPerRequest = v1 ? tokensPerRequest : (tokensPerRequest + batch - 1) / batch;
        int inFlight = Math.max(1, Math.min(concurrency, consumers * callsPerRequest));
        int tokensPerCall = v1 ? 1 : Math.min(batch, tokensPerRequest);
        emulator.reset();
        var ceiling = emulator.ceiling(v1, inFlight, tokensPerCall, duration, serviceAccount, PROJECT);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("workload", workload);
        out.put("protocol", protocol);
        out.put("concurrency", inFlight);
        out.put("tokensPerCall", tokensPerCall);
        out.put("calls", ceiling.calls());
        out.put("tokensPerSecond", Math.round(ceiling.tokensPerSecond()));
        out.put("failedCalls", ceiling.failedCalls());
        out.put("generatorCpuSeconds", Math.round(ceiling.generatorCpuSeconds() * 100) / 100.0);
        out.put("generatorRunSeconds", Math.round(ceiling.runSeconds() * 100) / 100.0);
        System.out.printf(Locale.ROOT, "== emulator ceiling %s / %s: %d in flight x %d tokens: %,.0f tokens/s "
                + "(load generator CPU %.2f s in %.1f s)%n", workload, protocol, inFlight, tokensPerCall,
                ceiling.tokensPerSecond(), ceiling.generatorCpuSeconds(), ceiling.runSeconds());
        return out;
    }

    // ---------------------------------------------------------------- helpers

    private Map<String, Object> figures(JsonNode summary, long expected) {
        long first = summary.path("firstSendMillis").asLong();
        long last = summary.path("lastSendMillis").asLong();
        long received = summary.path("tokensReceived").asLong();
        long distinct = summary.path("distinctDelivered").asLong();
        double seconds = Math.max(0.001, (last - first) / 1000.0);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tokens", expected);
        out.put("tokensPerSecond", (double) Math.round(received / seconds));
        out.put("firstToLastSeconds", seconds);
        out.put("fcmCalls", summary.path("sendRequests").asLong());
        out.put("lost", expected - distinct);
        out.put("sentTwice", summary.path("duplicateDeliveries").asLong());
        return out;
    }

    /** Waits until the emulator delivered {@code expected} distinct tokens, or progress stops, or the phase times out. */
    private void awaitDelivered(long expected, BenchJvm gateway) {
        long deadline = System.nanoTime() + phaseTimeout.toNanos();
        long lastProgress = System.nanoTime();
        long lastCount = -1;
        while (System.nanoTime() < deadline) {
            long delivered = emulator.summary().path("distinctDelivered").asLong();
            if (delivered >= expected) {
                return;
            }
            if (delivered != lastCount) {
                lastCount = delivered;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(60)) {
                System.out.println("  no progress for 60 s at " + delivered + "/" + expected + "; giving up on this phase");
                return;
            }
            BenchJvm.pause(200);
        }
        System.out.println("  phase timeout after " + phaseTimeout + " at " + lastCount + "/" + expected + "\n"
                + gateway.tail());
    }

    private BenchJvm startGateway(String vhost, String protocol, Map<String, String> extra, String name) {
        List<String> command = new ArrayList<>();
        command.add(javaBin());
        command.addAll(Arrays.asList(option("gateway-jvm", GATEWAY_JVM).trim().split("\\s+")));
        command.addAll(List.of("-jar", jar.toString()));
        Map<String, String> p = new LinkedHashMap<>();
        p.put("spring.rabbitmq.host", "127.0.0.1");
        p.put("spring.rabbitmq.port", String.valueOf(node.port()));
        p.put("spring.rabbitmq.virtual-host", vhost);
        p.put("server.port", "0");
        p.put("server.address", "127.0.0.1");
        p.put("push.topology.intake-queue-type", option("queue-type", "quorum"));
        if (protocol.equals("v1")) {
            p.put("push.provider", "fcm");
            p.put("push.fcm.endpoint", emulator.baseUrl());
            p.put("push.fcm.credentials", serviceAccount.toString());
        } else {
            p.put("push.provider", "gcm");
            p.put("push.gcm.endpoint", emulator.baseUrl() + "/fcm/send");
            p.put("push.gcm.api-key", EmulatorSettings.DEFAULT_LEGACY_API_KEY);
        }
        p.putAll(gatewaySets);
        p.putAll(extra);
        p.forEach((k, v) -> command.add("--" + k + "=" + v));
        BenchJvm gateway = BenchJvm.start("gateway", command, workDir.resolve("gateway-" + name + ".log"));
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::close));
        return gateway;
    }

    private String freshVhost(String name) {
        vhosts++;
        return node.vhost("bench-" + vhosts + "-" + name);
    }

    private void declareTopology(String vhost) {
        CachingConnectionFactory connections = new CachingConnectionFactory("127.0.0.1", node.port());
        connections.setVirtualHost(vhost);
        try {
            var type = PushProperties.QueueType.valueOf(option("queue-type", "quorum").toUpperCase(Locale.ROOT));
            var topology = new PushProperties.Topology("push", "push.send", "push.requests", type, 20, "push.feedback",
                    "token.update", "push.token.updates", "token.delete", "push.token.deletes", "push.retry.", "push.dlx",
                    "push.dead", "push.dead");
            new TopologyDeclarer(connections).declare(new BrokerTopology(topology, RETRY_DELAYS));
        } finally {
            connections.destroy();
        }
    }

    /**
     * Publishes persistent requests with publisher confirms; {@code requestsPerSecond} 0 publishes
     * as fast as possible, otherwise at that pace with {@code bench_ts} (epoch millis) in the data.
     */
    private void publish(String vhost, int requests, int tokensPerRequest, String prefix, double requestsPerSecond)
            throws Exception {
        declareTopology(vhost);
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(node.port());
        factory.setVirtualHost(vhost);
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("text/plain").deliveryMode(2).build();
        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            long start = System.nanoTime();
            boolean paced = requestsPerSecond > 0;
            for (int r = 0; r < requests; r++) {
                if (paced) {
                    long due = start + (long) (r * 1e9 / requestsPerSecond);
                    long wait = due - System.nanoTime();
                    if (wait > 50_000) {
                        LockSupport.parkNanos(wait);
                    }
                }
                StringBuilder body = new StringBuilder(32 + tokensPerRequest * 24);
                body.append("{\"title\":\"bench\",\"body\":\"b\",\"message_id\":\"").append(prefix).append(r).append('"');
                if (paced) {
                    body.append(",\"data\":{\"bench_ts\":\"").append(System.currentTimeMillis()).append("\"}");
                }
                body.append(",\"registration_tokens\":[");
                for (int t = 0; t < tokensPerRequest; t++) {
                    body.append(t == 0 ? "" : ",").append('"').append(prefix).append(r).append('-').append(t).append('"');
                }
                body.append("]}");
                channel.basicPublish("push", "push.send", props, body.toString().getBytes(StandardCharsets.UTF_8));
                if (!paced && r % 500 == 499) {
                    channel.waitForConfirmsOrDie(60_000);
                }
            }
            channel.waitForConfirmsOrDie(120_000);
        }
    }

    private void attachCeilings(List<Map<String, Object>> runs, List<Map<String, Object>> ceilings) {
        for (Map<String, Object> run : runs) {
            for (Map<String, Object> c : ceilings) {
                if (c.get("workload").equals(run.get("workload")) && c.get("protocol").equals(run.get("protocol"))) {
                    long ceiling = (Long) c.get("tokensPerSecond");
                    run.put("emulatorCeilingTokensPerSecond", ceiling);
                    run.put("fractionOfCeiling", Math.round((Double) run.get("tokensPerSecond") / ceiling * 1000) / 1000.0);
                }
            }
        }
    }

    private static void printTable(Map<String, Object> result) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> runs = (List<Map<String, Object>>) result.get("runs");
        System.out.println();
        System.out.println("machine: " + result.get("machine") + "; emulator latency " + result.get("emulatorLatencyMs")
                + " ms; gateway " + result.get("gatewayJvm") + " " + result.get("gatewayProperties") + "; queue "
                + result.get("queueType"));
        System.out.printf(Locale.ROOT, "%-10s %-7s %12s %10s %8s %9s %8s %8s %6s %6s %9s%n", "workload", "proto", "tokens/s",
                "emu-ceil", "of-ceil", "start-s", "cpu-s", "rss-MiB", "lost", "twice", "load");
        for (Map<String, Object> r : runs) {
            System.out.printf(Locale.ROOT, "%-10s %-7s %,12.0f %,10d %8s %9.2f %8.1f %8.0f %6s %6s %9s%n", r.get("workload"),
                    r.get("protocol"), (Double) r.get("tokensPerSecond"), r.getOrDefault("emulatorCeilingTokensPerSecond", 0L),
                    r.getOrDefault("fractionOfCeiling", "-"), (Double) r.get("startupSeconds"), (Double) r.get("gatewayCpuSeconds"),
                    (Double) r.get("peakRssMib"), r.get("lost"), r.get("sentTwice"),
                    String.valueOf(r.get("loadAverageBefore")).split(" ")[0]);
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> latency = (List<Map<String, Object>>) result.get("latency");
        for (Map<String, Object> l : latency) {
            System.out.printf(Locale.ROOT, "latency %-7s offered %,d tokens/s: p50 %d ms, p99 %d ms, max %d ms, lost %s, twice %s%n",
                    l.get("protocol"), (Long) l.get("offeredTokensPerSecond"), (Long) l.get("p50Millis"),
                    (Long) l.get("p99Millis"), (Long) l.get("maxMillis"), l.get("lost"), l.get("sentTwice"));
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rates = (List<Map<String, Object>>) result.get("rateLimit");
        for (Map<String, Object> q : rates) {
            System.out.printf(Locale.ROOT, "quota   %-7s limit %,d tokens/s: achieved %,.0f (%+.2f %%), within 5 %%: %s, lost %s%n",
                    q.get("protocol"), (Long) q.get("limitTokensPerSecond"), (Double) q.get("tokensPerSecond"),
                    (Double) q.get("deviationPercent"), q.get("withinFivePercent"), q.get("lost"));
        }
    }

    private static void writeJson(Path out, Map<String, Object> result) throws IOException {
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        JSON.writeValue(out.toFile(), result);
    }

    private static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("java", System.getProperty("java.version"));
        m.put("loadAverageAtStart", loadAverage());
        return m;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
