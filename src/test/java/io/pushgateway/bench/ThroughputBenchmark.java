package io.pushgateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pushgateway.emulator.EmulatorSettings;
import io.pushgateway.testsupport.PrivateRabbitNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The throughput benchmark (scripts/benchmark.sh): a private RabbitMQ node, the FCM emulator in its
 * own JVM, the gateway in its own JVM (started by scripts/start-gateway.sh, as the image does). Per
 * workload, protocol and intake queue type it pre-publishes persistent requests, starts the gateway
 * and measures tokens/s over the run's measured window, the gateway's CPU per token over that
 * window, the broker's CPU per request over the same window, start-up time, peak RSS, tokens lost
 * and sent twice; then the start-up rows per JDK, end-to-end latency at half the measured maximum
 * load, the quota guard below capacity, and the emulator's own ceiling at the gateway's concurrency
 * and HTTP version. Prints a table, issue 18's targets with met or NOT, and writes a JSON file.
 *
 * <p>Not a JUnit test (no *Test/*IT name): run it with scripts/benchmark.sh --help.
 */
public final class ThroughputBenchmark {

    static final String USAGE = """
            usage: scripts/benchmark.sh [options]
              --workloads=events,zero-latency,broadcast,steady,big-request,startup   which runs (default: all):
                   events       cold: 20000 requests x 2 tokens, measured from the first send to the last
                   zero-latency 100000 requests x 2 tokens (quorum, or the first --queue-types) with the emulator answering
                                at 0 ms: the gateway's and the broker's CPU per request without waiting on latency,
                                over the whole run and over the tokens after --steady-skip-percent (steady), v1 and legacy
                   broadcast    cold: 20 requests x 10000 tokens, likewise
                   steady       100000 requests x 2 tokens, measured over the tokens after --steady-skip-percent (v1 only)
                   big-request  one request of 100000 tokens with the chart's heap: all sent once? peak RSS (v1 only)
                   startup      the gateway started --startup-repeats times per JDK of --startup-jdks: the start
                                script with its start-up cache and plain, and java -jar of the fat jar (JVM
                                defaults): to "Started PushGatewayApplication" and to consuming
              --protocols=v1,legacy          which FCM protocols
              --queue-types=quorum,classic   intake queue types of the events and steady runs (default: both on v1,
                                             quorum on legacy; given, for both); other runs use the first
              --latency-ms=20                emulator latency per send answer
              --out=target/benchmark.json    JSON result file
              --latency-phase=true           p50/p99 publish -> emulator receipt at half the measured max load
              --latency-seconds=10           duration of the offered load
              --warmup-seconds=10            load run through the gateway (unmeasured) before the latency and quota phases
              --rate-limit=auto              quota-guard check: auto (half the measured events max), N tokens/s, or 0 (skip)
              --ceiling-seconds=4            duration of each emulator-ceiling run
              --ceiling-concurrency=N        calls in flight of the ceiling runs (default: the gateway's push.fcm.concurrency,
                                             from --set or its application.yaml, at most the run's calls)
              --broker-cpu-baseline-us=N     today's broker CPU per request (µs), for the target "<= a third of today's";
                                             absent: the figure is printed with "no baseline"
              --set=key=value                gateway property (repeatable), e.g. --set=push.intake.consumers=32
              --gateway-jvm="-Xmx256m -XX:+ExitOnOutOfMemoryError"   JVM options of the gateway (the chart's)
              --gateway-java=PATH            JDK home of the gateway (default: the newest LTS present, as the launcher picks)
              --startup-cache=auto           auto: the launcher uses the start-up cache when made for that JDK; off
              --events-requests=20000 --broadcast-requests=20 --broadcast-tokens=10000
              --zero-latency-requests=N      requests (x 2 tokens) of the zero-latency runs (default: --steady-requests, so
                                             their warm share, after --steady-skip-percent, is a steady state)
              --steady-requests=100000 --steady-skip-percent=20 --big-request-tokens=100000
              --startup-jdks=HOME,HOME       JDK homes of the start-up rows (set by the script: every LTS JDK present)
              --startup-repeats=3            starts per start-up row (the median is reported)
              --sample-ms=100                how often a run's progress and the gateway's and broker's CPU are read
              --phase-timeout-s=300          upper bound of each phase; the run always stops by itself
              --jar=PATH --app-dir=PATH --scripts-dir=PATH   set by the script
            """;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String PROJECT = "bench-project";
    /** The Helm chart's JVM: a heap of half its 512Mi limit, and exit (to be restarted) when out of memory. */
    private static final String GATEWAY_JVM = "-Xmx256m -XX:+ExitOnOutOfMemoryError";
    private static final Pattern PROCESS_RUNNING = Pattern.compile("process running for ([0-9.]+)\\)");
    /** Left for duplicates still on their way after the last distinct delivery. */
    private static final Duration SETTLE = Duration.ofMillis(1500);

    private final Map<String, String> options;
    private final Map<String, String> gatewaySets = new LinkedHashMap<>();
    private final Path jar;
    private final Path appDir;
    private final Path scriptsDir;
    private final Path workDir;
    private final Duration phaseTimeout;
    private final Duration samplePeriod;
    private final GatewaySettings settings;
    private final int latencyMs;
    private PrivateRabbitNode node;
    private BrokerProcess broker;
    private RequestPublisher publisher;
    private EmulatorClient emulator;
    private Path serviceAccount;
    private int vhosts;

    private ThroughputBenchmark(Map<String, String> options, List<String> sets) {
        this.options = options;
        for (String set : sets) {
            int eq = set.indexOf('=');
            gatewaySets.put(set.substring(0, eq), set.substring(eq + 1));
        }
        // The emulator speaks h2c; Google is HTTP/2 too (by ALPN), so that is what production looks like.
        // --set=push.http.version=http1 measures the HTTP/1.1 path instead.
        gatewaySets.putIfAbsent("push.http.version", "h2c");
        this.jar = Path.of(option("jar", "target/push-gateway-0.1.0-SNAPSHOT.jar")).toAbsolutePath();
        this.appDir = Path.of(option("app-dir", "target/app")).toAbsolutePath();
        this.scriptsDir = Path.of(option("scripts-dir", "scripts")).toAbsolutePath();
        this.workDir = Path.of(option("work-dir", "target"), "bench-" + System.currentTimeMillis()).toAbsolutePath();
        this.phaseTimeout = Duration.ofSeconds(Long.parseLong(option("phase-timeout-s", "300")));
        this.samplePeriod = Duration.ofMillis(Long.parseLong(option("sample-ms", "100")));
        this.settings = GatewaySettings.load(gatewaySets);
        this.latencyMs = intOption("latency-ms", 20);
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

    private int intOption(String name, int fallback) {
        return Integer.parseInt(option(name, String.valueOf(fallback)));
    }

    /** A gateway setting as it runs: --set, else its application.yaml, else {@code fallback}. */
    private int gatewayInt(String key, int fallback) {
        return settings.intValue(key, fallback);
    }

    private List<String> listOption(String name, String fallback) {
        return Arrays.stream(option(name, fallback).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private void run() throws Exception {
        if (!Files.exists(jar)) {
            throw new IllegalStateException("gateway jar not found: " + jar);
        }
        if (!Files.exists(appDir.resolve("push-gateway.jar"))) {
            throw new IllegalStateException("extracted jar not found in " + appDir + " (scripts/train-startup-cache.sh makes it)");
        }
        List<String> workloads = listOption("workloads", "events,zero-latency,broadcast,steady,big-request,startup");
        List<String> protocols = listOption("protocols", "v1,legacy");
        Path out = Path.of(option("out", "target/benchmark.json"));
        Files.createDirectories(workDir);

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("startedAt", Instant.now().toString());
        result.put("machine", machine());
        result.put("emulatorLatencyMs", latencyMs);
        result.put("gatewayJvm", option("gateway-jvm", GATEWAY_JVM));
        result.put("gatewayProperties", gatewaySets);
        result.put("httpVersion", gatewayHttpVersion().label());
        result.put("fcmConcurrency", gatewayInt("push.fcm.concurrency", 1024));
        result.put("fcmConcurrencySource", settings.source("push.fcm.concurrency"));
        if (options.containsKey("broker-cpu-baseline-us")) {
            result.put("brokerCpuBaselineMicrosPerRequest", Double.parseDouble(option("broker-cpu-baseline-us", "0")));
        }
        result.put("chartHeap", option("gateway-jvm", GATEWAY_JVM).trim().equals(GATEWAY_JVM));
        result.put("rabbitmqErlArgs", System.getenv().getOrDefault("RMQ_ERL_ARGS", ""));
        List<Map<String, Object>> runs = new ArrayList<>();
        List<Map<String, Object>> startups = new ArrayList<>();
        List<Map<String, Object>> latencies = new ArrayList<>();
        List<Map<String, Object>> rateLimits = new ArrayList<>();
        List<Map<String, Object>> ceilings = new ArrayList<>();
        result.put("runs", runs);
        result.put("startup", startups);
        result.put("latency", latencies);
        result.put("rateLimit", rateLimits);
        result.put("emulatorCeiling", ceilings);

        node = PrivateRabbitNode.shared();
        publisher = new RequestPublisher(node.port());
        result.put("rabbitmqBusyWaitOff", brokerBusyWaitOff());
        broker = BrokerProcess.ofPrivateNode(node.port());
        result.put("brokerProcess", broker == null ? "unknown" : broker.command() + " pid " + broker.pid());
        System.out.println(header(result));
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
            warmEmulator(protocols);

            for (RunSpec spec : plan(workloads, protocols)) {
                runs.add(throughputRun(spec));
                writeJson(out, result);
            }
            if (workloads.contains("startup")) {
                StartupPhase startup = new StartupPhase(publisher, this::freshVhost,
                        (vhost, variant, name) -> variant.launch() == StartupPhase.Launch.FAT_JAR
                                ? startFatJar(vhost, protocols.get(0), primaryQueueType(), variant.javaHome(), name)
                                : startGateway(vhost, protocols.get(0), primaryQueueType(), Map.of(), variant.launcherEnv(), name),
                        Duration.ofSeconds(120));
                for (String home : listOption("startup-jdks", System.getProperty("java.home"))) {
                    for (StartupPhase.Launch launch : StartupPhase.Launch.values()) {
                        startups.add(startup.run(new StartupPhase.Variant(home, launch), intOption("startup-repeats", 3),
                                primaryQueueType()));
                        writeJson(out, result);
                    }
                }
            }
            Map<String, Double> maxByProtocol = eventsMaximum(runs);
            if (Boolean.parseBoolean(option("latency-phase", "true"))) {
                for (String protocol : protocols) {
                    double max = maxByProtocol.getOrDefault(protocol, 0.0);
                    if (max > 0) {
                        latencies.add(latencyRun(protocol, max / 2));
                        writeJson(out, result);
                    }
                }
            }
            String rate = option("rate-limit", "auto");
            if (!rate.equals("0")) {
                for (String protocol : protocols) {
                    long limit = rate.equals("auto")
                            ? Math.round(maxByProtocol.getOrDefault(protocol, 0.0) / 2 / 100) * 100
                            : Long.parseLong(rate);
                    if (limit > 0) {
                        rateLimits.add(rateLimitRun(protocol, limit));
                        writeJson(out, result);
                    }
                }
            }
            measureCeilings(runs, latencies, rateLimits, ceilings);
            emulator.reset();
            result.put("emulatorCpuSeconds", emulatorJvm.cpuSeconds());
        }
        result.put("finishedAt", Instant.now().toString());
        result.put("loadAverageAtEnd", loadAverage());
        writeJson(out, result);
        BenchReport.print(result);
        System.out.println("JSON: " + out.toAbsolutePath());
    }

    /**
     * The throughput runs, in order: cold events, the same at 0 ms emulator latency, broadcast, then
     * steady state and the big request.
     */
    private List<RunSpec> plan(List<String> workloads, List<String> protocols) {
        for (String workload : workloads) {
            if (!List.of("events", "zero-latency", "broadcast", "steady", "big-request", "startup").contains(workload)) {
                throw new IllegalArgumentException("unknown workload '" + workload + "'\n" + USAGE);
            }
        }
        List<RunSpec> plan = new ArrayList<>();
        for (String workload : List.of("events", "zero-latency", "broadcast", "steady", "big-request")) {
            if (!workloads.contains(workload)) {
                continue;
            }
            for (String protocol : protocols) {
                switch (workload) {
                    case "events" -> queueTypes(protocol).forEach(q -> plan.add(
                            new RunSpec(workload, protocol, q, intOption("events-requests", 20_000), 2, 0, latencyMs)));
                    case "zero-latency" -> plan.add(new RunSpec(workload, protocol, primaryQueueType(),
                            intOption("zero-latency-requests", intOption("steady-requests", 100_000)), 2, 0, 0));
                    case "broadcast" -> plan.add(new RunSpec(workload, protocol, primaryQueueType(),
                            intOption("broadcast-requests", 20), intOption("broadcast-tokens", 10_000), 0, latencyMs));
                    case "steady" -> {
                        if (protocol.equals("v1")) {
                            double skip = steadySkip();
                            queueTypes(protocol).forEach(q -> plan.add(new RunSpec(workload, protocol, q,
                                    intOption("steady-requests", 100_000), 2, skip, latencyMs)));
                        }
                    }
                    default -> {
                        if (protocol.equals("v1")) {
                            plan.add(new RunSpec(workload, protocol, primaryQueueType(), 1,
                                    intOption("big-request-tokens", 100_000), 0, latencyMs));
                        }
                    }
                }
            }
        }
        return plan;
    }

    private double steadySkip() {
        return intOption("steady-skip-percent", 20) / 100.0;
    }

    /** Intake queue types of the events-shaped runs: as given, else quorum and classic on v1 and quorum on legacy. */
    private List<String> queueTypes(String protocol) {
        if (options.containsKey("queue-types")) {
            return listOption("queue-types", "quorum");
        }
        return protocol.equals("v1") ? List.of("quorum", "classic") : List.of("quorum");
    }

    private String primaryQueueType() {
        return listOption("queue-types", "quorum").get(0);
    }

    // ---------------------------------------------------------------- phases

    private Map<String, Object> throughputRun(RunSpec spec) throws Exception {
        long expected = spec.tokens();
        System.out.printf(Locale.ROOT, "%n== %s / %s / %s queue: %d requests x %d tokens, emulator latency %d ms (measured: %s)%n",
                spec.workload(), spec.protocol(), spec.queueType(), spec.requests(), spec.tokensPerRequest(),
                spec.emulatorLatencyMs(), spec.window());
        String vhost = freshVhost(spec.workload() + "-" + spec.protocol());
        long publishStart = System.nanoTime();
        publisher.declareTopology(vhost, spec.queueType());
        publisher.publish(vhost, spec.requests(), spec.tokensPerRequest(), "r" + vhosts + "-", 0);
        System.out.printf(Locale.ROOT, "  published in %.1f s%n", (System.nanoTime() - publishStart) / 1e9);
        emulator.reset();
        emulator.latency(spec.emulatorLatencyMs());
        String load = loadAverage();
        double brokerBefore = brokerCpuSeconds();
        try (BenchJvm gateway = startGateway(vhost, spec.protocol(), spec.queueType(), Map.of(), Map.of(), spec.name())) {
            ProgressSampler sampler = new ProgressSampler(emulator, gateway, samplePeriod, this::brokerCpuSeconds);
            ProgressSampler.End end = sampler.follow(expected, phaseTimeout);
            BenchJvm.pause(SETTLE.toMillis());
            JsonNode summary = emulator.summary();
            double cpu = gateway.cpuSeconds();
            double brokerCpu = brokerBefore < 0 ? -1 : brokerCpuSeconds() - brokerBefore;
            double rss = gateway.peakRssMib();
            long skipped = Math.round(expected * spec.skipFraction());
            ProgressSampler.Window window = sampler.window(Math.max(1, skipped), expected);
            int perRequest = spec.tokensPerRequest();

            Map<String, Object> out = new LinkedHashMap<>();
            out.put("workload", spec.workload());
            out.put("protocol", spec.protocol());
            out.put("queueType", spec.queueType());
            out.put("requests", spec.requests());
            out.put("tokensPerRequest", spec.tokensPerRequest());
            Map<String, Object> figures = figures(summary, expected);
            out.putAll(figures);
            out.put("measuredWindow", spec.window());
            // Cold runs: the emulator's own first-to-last figure; steady state: the sampled window.
            out.put("tokensPerSecond", spec.skipFraction() > 0 ? (double) Math.round(window.tokensPerSecond())
                    : figures.get("tokensPerSecond"));
            out.put("windowTokens", window.tokens());
            out.put("windowSeconds", round2(window.seconds()));
            out.put("emulatorLatencyMillis", spec.emulatorLatencyMs());
            out.put("gatewayCpuMicrosPerToken", round2(window.cpuMicrosPerToken()));
            out.put("gatewayCpuMicrosPerRequest", round2(window.cpuMicrosPerRequest(perRequest)));
            out.put("brokerCpuSecondsInWindow", round2(window.brokerCpuSeconds()));
            out.put("brokerCpuMicrosPerRequest", round2(window.brokerCpuMicrosPerRequest(perRequest)));
            // The whole run, gateway start-up and the settling time included: what the broker did for it.
            out.put("brokerCpuSecondsWholeRun", round2(brokerCpu));
            if (spec.workload().equals("zero-latency")) {
                // Warm: the tokens after --steady-skip-percent, as the steady run measures (the JIT's start left out).
                ProgressSampler.Window warm = sampler.window(Math.max(1, Math.round(expected * steadySkip())), expected);
                out.put("warmWindow", String.format(Locale.ROOT, "last %.0f %% of the tokens", (1 - steadySkip()) * 100));
                out.put("warmTokensPerSecond", (double) Math.round(warm.tokensPerSecond()));
                out.put("warmGatewayCpuMicrosPerToken", round2(warm.cpuMicrosPerToken()));
                out.put("warmGatewayCpuMicrosPerRequest", round2(warm.cpuMicrosPerRequest(perRequest)));
                out.put("warmBrokerCpuMicrosPerRequest", round2(warm.brokerCpuMicrosPerRequest(perRequest)));
            }
            out.put("allSentOnce", end == ProgressSampler.End.DELIVERED && (Long) figures.get("lost") == 0
                    && (Long) figures.get("sentTwice") == 0);
            out.put("end", end.name());
            out.put("startupSeconds", processRunningFor(gateway.logText()));
            long firstSend = summary.path("firstSendMillis").asLong();
            out.put("firstSendSeconds", firstSend > 0 ? round2((firstSend - gateway.startedEpochMillis()) / 1000.0) : -1.0);
            out.put("gatewayCpuSeconds", round2(cpu));
            out.put("peakRssMib", Math.round(rss * 10) / 10.0);
            out.put("gatewayJava", StartupPhase.picked(gateway.logText()));
            out.put("loadAverageBefore", load);
            System.out.printf(Locale.ROOT, "  %,.0f tokens/s (%s: %,d tokens in %.1f s), %.0f µs gateway CPU per token, "
                            + "started %.1f s, first send %.1f s, lost %s, twice %s, CPU %.1f s, RSS %.0f MiB%n",
                    (Double) out.get("tokensPerSecond"), spec.window(), window.tokens(), window.seconds(),
                    window.cpuMicrosPerToken(), (Double) out.get("startupSeconds"), (Double) out.get("firstSendSeconds"),
                    out.get("lost"), out.get("sentTwice"), cpu, rss);
            System.out.printf(Locale.ROOT, "  per request (%d tokens): gateway CPU %.0f µs, broker CPU %s (broker %.2f s in the "
                            + "window, %.2f s over the whole run)%n", perRequest, window.cpuMicrosPerRequest(perRequest),
                    micros(window.brokerCpuMicrosPerRequest(perRequest)), window.brokerCpuSeconds(), brokerCpu);
            if (out.containsKey("warmWindow")) {
                System.out.printf(Locale.ROOT, "  warm (%s): %,.0f tokens/s, per request: gateway CPU %.0f µs, broker CPU %s%n",
                        out.get("warmWindow"), (Double) out.get("warmTokensPerSecond"),
                        (Double) out.get("warmGatewayCpuMicrosPerRequest"),
                        micros((Double) out.get("warmBrokerCpuMicrosPerRequest")));
            }
            return out;
        } finally {
            emulator.latency(latencyMs);
        }
    }

    /** The broker's CPU seconds so far; -1 when its process is unknown. */
    private double brokerCpuSeconds() {
        return broker == null ? -1 : broker.cpuSeconds();
    }

    private static String micros(double value) {
        return value < 0 ? "unknown" : String.format(Locale.ROOT, "%.0f µs", value);
    }

    private Map<String, Object> latencyRun(String protocol, double tokensPerSecond) throws Exception {
        int seconds = intOption("latency-seconds", 10);
        double requestsPerSecond = tokensPerSecond / 2;
        int requests = (int) Math.round(requestsPerSecond * seconds);
        System.out.printf(Locale.ROOT, "%n== latency / %s: %,.0f tokens/s offered (%,.0f requests/s x 2 tokens) for %d s%n",
                protocol, tokensPerSecond, requestsPerSecond, seconds);
        String vhost = freshVhost("latency-" + protocol);
        publisher.declareTopology(vhost, primaryQueueType());
        try (BenchJvm gateway = startGateway(vhost, protocol, primaryQueueType(), Map.of(), Map.of(), "latency-" + protocol)) {
            gateway.awaitLog("Started PushGatewayApplication", Duration.ofSeconds(120));
            warmUp(vhost, gateway, requestsPerSecond);
            long start = System.nanoTime();
            publisher.publish(vhost, requests, 2, "l" + vhosts + "-", requestsPerSecond);
            double publishSeconds = (System.nanoTime() - start) / 1e9;
            new ProgressSampler(emulator, gateway, samplePeriod).follow(requests * 2L, phaseTimeout);
            BenchJvm.pause(SETTLE.toMillis());
            JsonNode summary = emulator.summary();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("protocol", protocol);
            out.put("workload", "events");
            out.put("offeredTokensPerSecond", Math.round(tokensPerSecond));
            out.put("achievedPublishTokensPerSecond", Math.round(requests * 2 / publishSeconds));
            out.putAll(figures(summary, requests * 2L));
            JsonNode latency = summary.path("publishLatencyMillis");
            out.put("samples", latency.path("count").asLong());
            out.put("p50Millis", latency.path("p50").asLong());
            out.put("p99Millis", latency.path("p99").asLong());
            out.put("maxMillis", latency.path("max").asLong());
            out.put("emulatorLatencyMillis", intOption("latency-ms", 20));
            out.put("peakRssMib", gateway.peakRssMib());
            out.put("loadAverage", loadAverage());
            System.out.printf(Locale.ROOT, "  p50 %d ms, p99 %d ms publish -> emulator receipt, lost %s%n",
                    latency.path("p50").asLong(), latency.path("p99").asLong(), out.get("lost"));
            return out;
        }
    }

    private Map<String, Object> rateLimitRun(String protocol, long limit) throws Exception {
        int seconds = 10;
        int requests = (int) (limit * seconds / 2);
        System.out.printf(Locale.ROOT, "%n== quota guard / %s: push.fcm.rate-limit=%d, %d requests x 2 tokens published at once after warm-up%n",
                protocol, limit, requests);
        String vhost = freshVhost("ratelimit-" + protocol);
        publisher.declareTopology(vhost, primaryQueueType());
        try (BenchJvm gateway = startGateway(vhost, protocol, primaryQueueType(),
                Map.of("push.fcm.rate-limit", String.valueOf(limit)), Map.of(), "ratelimit-" + protocol)) {
            gateway.awaitLog("Started PushGatewayApplication", Duration.ofSeconds(120));
            warmUp(vhost, gateway, limit / 2.0);
            // All at once, far faster than the limit: the backlog is what the guard must hold back.
            publisher.publish(vhost, requests, 2, "q" + vhosts + "-", 0);
            new ProgressSampler(emulator, gateway, samplePeriod).follow(requests * 2L, phaseTimeout);
            BenchJvm.pause(SETTLE.toMillis());
            JsonNode summary = emulator.summary();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("protocol", protocol);
            out.put("workload", "events");
            out.put("limitTokensPerSecond", limit);
            out.putAll(figures(summary, requests * 2L));
            double achieved = (Double) out.get("tokensPerSecond");
            double deviation = (achieved - limit) / limit * 100;
            out.put("deviationPercent", round2(deviation));
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
     * of a running gateway, so they are measured after that.
     */
    private void warmUp(String vhost, BenchJvm gateway, double requestsPerSecond) throws Exception {
        int seconds = intOption("warmup-seconds", 10);
        int requests = (int) Math.round(requestsPerSecond * seconds);
        emulator.reset();
        if (requests > 0) {
            publisher.publish(vhost, requests, 2, "w" + vhosts + "-", requestsPerSecond);
            new ProgressSampler(emulator, gateway, samplePeriod).follow(requests * 2L, phaseTimeout);
        }
        BenchJvm.pause(1000);
        emulator.reset();
    }

    /**
     * One ceiling run per distinct shape (protocol, calls in flight, tokens per call, emulator
     * latency) among the figures, each attached to every figure of its shape.
     */
    private void measureCeilings(List<Map<String, Object>> runs, List<Map<String, Object>> latencies,
                                 List<Map<String, Object>> rateLimits, List<Map<String, Object>> ceilings) throws Exception {
        Duration duration = Duration.ofSeconds(intOption("ceiling-seconds", 4));
        CeilingLoad.HttpVersion version = gatewayHttpVersion();
        if (!CeilingLoad.speaks(version)) {
            System.out.println("\n(the load generator does not speak " + version.label() + " on this build: the ceilings "
                    + "are measured over HTTP/1.1 and labelled so)");
            version = CeilingLoad.HttpVersion.HTTP_1_1;
        }
        Map<String, Map<String, Object>> byShape = new HashMap<>();
        Set<String> warmedUp = new HashSet<>();
        List<Map<String, Object>> figures = new ArrayList<>(runs);
        figures.addAll(latencies);
        figures.addAll(rateLimits);
        for (Map<String, Object> figure : figures) {
            String protocol = (String) figure.get("protocol");
            int tokensPerRequest = (Integer) figure.getOrDefault("tokensPerRequest", 2);
            int requests = (Integer) figure.getOrDefault("requests", Integer.MAX_VALUE);
            int figureLatency = (Integer) figure.getOrDefault("emulatorLatencyMillis", latencyMs);
            int[] shape = ceilingShape(protocol.equals("v1"), requests, tokensPerRequest);
            String key = protocol + "/" + shape[0] + "/" + shape[1] + "/" + figureLatency + "ms";
            Map<String, Object> ceiling = byShape.get(key);
            if (ceiling == null) {
                if (warmedUp.add(protocol)) {
                    // The load generator runs in this JVM: cold, its first run measures its own JIT (a v1
                    // ceiling came out at 9,900 tokens/s cold, 23,000-27,000 warm, same emulator). Not counted.
                    System.out.print("(load generator warm-up, not counted) ");
                    ceilingRun(protocol, shape[0], shape[1], figureLatency, version, duration);
                }
                ceiling = ceilingRun(protocol, shape[0], shape[1], figureLatency, version, duration);
                byShape.put(key, ceiling);
                ceilings.add(ceiling);
            }
            long tokensPerSecond = (Long) ceiling.get("tokensPerSecond");
            figure.put("emulatorCeilingTokensPerSecond", tokensPerSecond);
            figure.put("emulatorCeilingShape", key + " " + ceiling.get("httpVersion"));
            figure.put("emulatorCeilingConcurrency", shape[0]);
            figure.put("emulatorCeilingHttpVersion", ceiling.get("httpVersion"));
            Object rate = figure.get("tokensPerSecond");
            if (rate instanceof Double r && tokensPerSecond > 0) {
                figure.put("fractionOfCeiling", Math.round(r / tokensPerSecond * 1000) / 1000.0);
            }
        }
    }

    /**
     * The FCM calls the gateway may have in flight for a workload, and the tokens per call: its own
     * concurrency ({@code push.fcm.concurrency}: --set, else the application.yaml it was built with),
     * and never more than the workload's calls in all (20 legacy broadcasts of 10 multicasts are 200
     * calls). Not bounded by the intake's consumers: how requests reach the send is the gateway's
     * design, which this ceiling must not assume. --ceiling-concurrency overrides.
     */
    /**
     * "Cold" rows measure a freshly started gateway, not a freshly started emulator: before the first
     * run, each protocol's load goes through the emulator for a few seconds (not counted anywhere).
     */
    private void warmEmulator(List<String> protocols) throws Exception {
        CeilingLoad.HttpVersion version = gatewayHttpVersion();
        if (!CeilingLoad.speaks(version)) {
            version = CeilingLoad.HttpVersion.HTTP_1_1;
        }
        for (String protocol : protocols) {
            System.out.println("(emulator warm-up, " + protocol + ", not counted)");
            ceilingRun(protocol, 256, protocol.equals("v1") ? 1 : 2, 0, version, Duration.ofSeconds(3));
        }
        emulator.reset();
    }

    private int[] ceilingShape(boolean v1, int requests, int tokensPerRequest) {
        int concurrency = gatewayInt("push.fcm.concurrency", 1024);
        int batch = gatewayInt("push.gcm.batch-size", 1000);
        int callsPerRequest = v1 ? tokensPerRequest : (tokensPerRequest + batch - 1) / batch;
        long callsInAll = (long) requests * callsPerRequest;
        int inFlight = (int) Math.max(1, Math.min(concurrency, callsInAll));
        if (options.containsKey("ceiling-concurrency")) {
            inFlight = intOption("ceiling-concurrency", inFlight);
        }
        return new int[] {inFlight, v1 ? 1 : Math.min(batch, tokensPerRequest)};
    }

    private Map<String, Object> ceilingRun(String protocol, int inFlight, int tokensPerCall, int emulatorLatencyMs,
                                           CeilingLoad.HttpVersion version, Duration duration) throws Exception {
        emulator.reset();
        EmulatorClient.Ceiling ceiling;
        emulator.latency(emulatorLatencyMs);
        try {
            ceiling = emulator.ceiling(protocol.equals("v1"), inFlight, tokensPerCall, version, duration, serviceAccount,
                    PROJECT);
        } finally {
            emulator.latency(latencyMs);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("protocol", protocol);
        out.put("concurrency", inFlight);
        out.put("tokensPerCall", tokensPerCall);
        out.put("emulatorLatencyMillis", emulatorLatencyMs);
        out.put("httpVersion", version.label());
        out.put("calls", ceiling.calls());
        out.put("tokensPerSecond", Math.round(ceiling.tokensPerSecond()));
        out.put("failedCalls", ceiling.failedCalls());
        out.put("generatorCpuSeconds", round2(ceiling.generatorCpuSeconds()));
        out.put("generatorRunSeconds", round2(ceiling.runSeconds()));
        System.out.printf(Locale.ROOT, "== emulator ceiling %s: %d in flight x %d tokens over %s at %d ms: %,.0f tokens/s "
                + "(load generator CPU %.2f s in %.1f s)%n", protocol, inFlight, tokensPerCall, version.label(),
                emulatorLatencyMs, ceiling.tokensPerSecond(), ceiling.generatorCpuSeconds(), ceiling.runSeconds());
        return out;
    }

    // ---------------------------------------------------------------- helpers

    /** Half of this is offered in the latency phase: the best events-shaped rate per protocol (steady state included). */
    private Map<String, Double> eventsMaximum(List<Map<String, Object>> runs) {
        Map<String, Double> max = new LinkedHashMap<>();
        for (Map<String, Object> run : runs) {
            if ((run.get("workload").equals("events") || run.get("workload").equals("steady"))
                    && run.get("queueType").equals(primaryQueueType())) {
                max.merge((String) run.get("protocol"), (Double) run.get("tokensPerSecond"), Math::max);
            }
        }
        return max;
    }

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
        out.put("distinctDelivered", distinct);
        out.put("lost", expected - distinct);
        out.put("sentTwice", summary.path("duplicateDeliveries").asLong());
        return out;
    }

    /**
     * Starts the gateway through scripts/start-gateway.sh (the JDK and start-up cache it picks; the
     * launcher execs java, so the process is the JVM). {@code launcherEnv} overrides its choice.
     */
    private BenchJvm startGateway(String vhost, String protocol, String queueType, Map<String, String> extra,
                                  Map<String, String> launcherEnv, String name) {
        List<String> command = new ArrayList<>(List.of("bash", scriptsDir.resolve("start-gateway.sh").toString()));
        command.addAll(gatewayArguments(vhost, protocol, queueType, extra));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("APP_DIR", appDir.toString());
        env.put("JAVA_OPTS", option("gateway-jvm", GATEWAY_JVM).trim());
        env.put("STARTUP_CACHE", option("startup-cache", "auto"));
        if (options.containsKey("gateway-java")) {
            env.put("PUSHGW_JAVA", option("gateway-java", ""));
        }
        env.putAll(launcherEnv);
        BenchJvm gateway = BenchJvm.start("gateway", command, env, workDir.resolve("gateway-" + name + ".log"));
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::close));
        return gateway;
    }

    /**
     * Starts the gateway as a user tries it: {@code <javaHome>/bin/java -jar push-gateway-*.jar} (the
     * fat jar, not the extracted one), JVM defaults (no --gateway-jvm, no start-up cache).
     */
    private BenchJvm startFatJar(String vhost, String protocol, String queueType, String javaHome, String name) {
        List<String> command = new ArrayList<>(List.of(Path.of(javaHome, "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(gatewayArguments(vhost, protocol, queueType, Map.of()));
        BenchJvm gateway = BenchJvm.start("gateway", command, Map.of(), workDir.resolve("gateway-" + name + ".log"));
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::close));
        return gateway;
    }

    /** The gateway's command-line properties for a run: the broker, the emulator, then --set and {@code extra}. */
    private List<String> gatewayArguments(String vhost, String protocol, String queueType, Map<String, String> extra) {
        List<String> args = new ArrayList<>();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("spring.rabbitmq.host", "127.0.0.1");
        p.put("spring.rabbitmq.port", String.valueOf(node.port()));
        p.put("spring.rabbitmq.virtual-host", vhost);
        p.put("server.port", "0");
        p.put("server.address", "127.0.0.1");
        p.put("push.topology.intake-queue-type", queueType);
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
        p.forEach((k, v) -> args.add("--" + k + "=" + v));
        return args;
    }

    private CeilingLoad.HttpVersion gatewayHttpVersion() {
        return CeilingLoad.HttpVersion.ofGatewaySetting(gatewaySets.get("push.http.version"));
    }

    private String freshVhost(String name) {
        vhosts++;
        return node.vhost("bench-" + vhosts + "-" + name);
    }

    /**
     * Whether the node's Erlang VM runs with scheduler busy-waiting off, read from its command line
     * (erl shows {@code +sbwt} as {@code -sbwt}). scripts/benchmark.sh asks for it; Debian's
     * RabbitMQ 3.10 sets the same by default (RABBITMQ_SCHEDULER_BUSY_WAIT_THRESHOLD=none).
     */
    private String brokerBusyWaitOff() {
        Path pidFile = BrokerProcess.pidFile(node.port());
        try {
            String pid = Files.readString(pidFile).trim();
            String cmdline = Files.readString(Path.of("/proc", pid, "cmdline")).replace('\0', ' ');
            return cmdline.contains("sbwt none") && cmdline.contains("sbwtdcpu none") && cmdline.contains("sbwtdio none")
                    ? "yes (+sbwt none +sbwtdcpu none +sbwtdio none on the node's command line)"
                    : "no (the Erlang default: schedulers busy-wait)";
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String header(Map<String, Object> result) {
        return String.format(Locale.ROOT, "benchmark: machine %s; emulator latency %s ms; gateway %s %s, %s to the "
                        + "emulator, push.fcm.concurrency %s (%s); RabbitMQ scheduler busy-wait off: %s; broker CPU read "
                        + "from %s", result.get("machine"), result.get("emulatorLatencyMs"), result.get("gatewayJvm"),
                result.get("gatewayProperties"), result.get("httpVersion"), result.get("fcmConcurrency"),
                result.get("fcmConcurrencySource"), result.get("rabbitmqBusyWaitOff"), result.get("brokerProcess"));
    }

    /** Start-up as the gateway's own log says it: "(process running for N)", from the JVM's start. */
    static double processRunningFor(String log) {
        Matcher m = PROCESS_RUNNING.matcher(log);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private static double round2(double value) {
        return Math.round(value * 100) / 100.0;
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
        m.put("benchmarkJava", System.getProperty("java.version"));
        m.put("loadAverageAtStart", loadAverage());
        return m;
    }

    static String loadAverage() {
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
