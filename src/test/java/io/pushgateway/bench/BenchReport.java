package io.pushgateway.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prints the benchmark's result: the runs' table, start-up, latency and quota rows, and issue 18's targets. */
final class BenchReport {

    /** Issue 18: peak RSS of any workload with the chart's heap, in MiB (VmHWM's unit as printed). */
    private static final double RSS_TARGET_MIB = 350;
    /** Issue 18: p99 publish -> FCM answer at half the measured maximum, per protocol. */
    private static final Map<String, Long> P99_TARGET_MILLIS = Map.of("v1", 100L, "legacy", 50L);
    /** Issue 18: gateway CPU per token while sending 2-token requests, steady and cold. */
    private static final double STEADY_CPU_MICROS = 60;
    private static final double COLD_CPU_MICROS = 150;
    private static final String MET = "met";
    private static final String NOT = "NOT";
    private static final Pattern JAVA_FEATURE = Pattern.compile("Java (\\d+)");

    private BenchReport() {
    }

    @SuppressWarnings("unchecked")
    static void print(Map<String, Object> result) {
        List<Map<String, Object>> runs = (List<Map<String, Object>>) result.get("runs");
        List<Map<String, Object>> startups = (List<Map<String, Object>>) result.get("startup");
        List<Map<String, Object>> latency = (List<Map<String, Object>>) result.get("latency");
        List<Map<String, Object>> rates = (List<Map<String, Object>>) result.get("rateLimit");
        System.out.println();
        System.out.println("machine: " + result.get("machine") + "; emulator latency " + result.get("emulatorLatencyMs")
                + " ms; gateway " + result.get("gatewayJvm") + " " + result.get("gatewayProperties") + ", "
                + result.get("httpVersion") + " to the emulator");
        System.out.println("RabbitMQ: scheduler busy-wait off: " + result.get("rabbitmqBusyWaitOff") + "; broker CPU read from "
                + result.get("brokerProcess") + "; load average at the start "
                + ((Map<?, ?>) result.get("machine")).get("loadAverageAtStart") + ", at the end " + result.get("loadAverageAtEnd"));
        if (!runs.isEmpty()) {
            System.out.printf(Locale.ROOT, "%-12s %-6s %-7s %3s %9s %11s %10s %5s %7s %8s %8s %8s %7s %7s %8s %6s %5s %-11s %5s%n",
                "workload", "proto", "queue", "ms", "tokens", "tokens/s", "emu-ceil", "conc", "of-ceil", "cpu-us/t", "gw-us/r",
                "brk-us/r", "start-s", "first-s", "rss-MiB", "lost", "twice", "java", "load");
        }
        for (Map<String, Object> r : runs) {
            System.out.printf(Locale.ROOT, "%-12s %-6s %-7s %3s %,9d %,11.0f %,10d %5s %7s %8.1f %8.0f %8s %7.2f %7.2f %8.0f %6s %5s "
                            + "%-11s %5s%n",
                    r.get("workload"), r.get("protocol"), r.get("queueType"), r.get("emulatorLatencyMillis"), (Long) r.get("tokens"),
                    (Double) r.get("tokensPerSecond"), (Long) r.getOrDefault("emulatorCeilingTokensPerSecond", 0L),
                    r.getOrDefault("emulatorCeilingConcurrency", "-"), r.getOrDefault("fractionOfCeiling", "-"),
                    (Double) r.get("gatewayCpuMicrosPerToken"), (Double) r.get("gatewayCpuMicrosPerRequest"),
                    brokerMicros((Double) r.get("brokerCpuMicrosPerRequest")), (Double) r.get("startupSeconds"),
                    (Double) r.get("firstSendSeconds"), (Double) r.get("peakRssMib"), r.get("lost"), r.get("sentTwice"),
                    javaLabel((String) r.get("gatewayJava")), String.valueOf(r.get("loadAverageBefore")).split(" ")[0]);
            if (r.containsKey("warmWindow")) {
                System.out.printf(Locale.ROOT, "%-12s %-6s %-7s %3s %9s %,11.0f %10s %5s %7s %8.1f %8.0f %8s   (%s)%n", "  warm", "",
                        "", "", "", (Double) r.get("warmTokensPerSecond"), "", "", "", (Double) r.get("warmGatewayCpuMicrosPerToken"),
                        (Double) r.get("warmGatewayCpuMicrosPerRequest"), brokerMicros((Double) r.get("warmBrokerCpuMicrosPerRequest")),
                        r.get("warmWindow"));
            }
        }
        if (!runs.isEmpty()) {
            System.out.println("ms: the emulator's latency. tokens/s, cpu-us/t (gateway CPU per token), gw-us/r and brk-us/r "
                    + "(gateway and broker CPU per request) over the measured window: events, zero-latency, broadcast, "
                    + "big-request from the first send to the last; steady and zero-latency's warm line over the tokens "
                    + "after the warm-up share. emu-ceil: the emulator's ceiling at conc calls in flight (the gateway's "
                    + "push.fcm.concurrency, at most the run's calls) and its HTTP version. start-s: JVM start to "
                    + "\"Started PushGatewayApplication\"; first-s: process start to the first send the emulator saw.");
        }
        for (Map<String, Object> s : startups) {
            System.out.printf(Locale.ROOT, "start-up %-34s to Started %5.2f s, to consuming %5.2f s, CPU %5.1f s, RSS %4.0f MiB "
                            + "(median of %s; %s)%n", s.get("variant"), (Double) s.get("startedSeconds"),
                    (Double) s.get("consumingSeconds"), (Double) s.get("cpuSecondsToConsuming"), (Double) s.get("peakRssMib"),
                    s.get("starts"), s.get("launcher"));
        }
        for (Map<String, Object> l : latency) {
            long p99 = (Long) l.get("p99Millis");
            int emulatorLatency = (Integer) l.get("emulatorLatencyMillis");
            System.out.printf(Locale.ROOT, "latency  %-7s offered %,d tokens/s: p50 %d ms, p99 %d ms publish -> emulator "
                            + "receipt, + %d ms emulator latency = p99 to its answer %d ms (target <= %d ms); max %d ms, "
                            + "lost %s, twice %s, emulator ceiling %,d tokens/s%n", l.get("protocol"),
                    (Long) l.get("offeredTokensPerSecond"), (Long) l.get("p50Millis"), p99, emulatorLatency,
                    p99 + emulatorLatency, P99_TARGET_MILLIS.getOrDefault((String) l.get("protocol"), 100L),
                    (Long) l.get("maxMillis"), l.get("lost"), l.get("sentTwice"),
                    (Long) l.getOrDefault("emulatorCeilingTokensPerSecond", 0L));
        }
        for (Map<String, Object> q : rates) {
            System.out.printf(Locale.ROOT, "quota    %-7s limit %,d tokens/s: achieved %,.0f (%+.2f %%), within 5 %%: %s, lost %s%n",
                    q.get("protocol"), (Long) q.get("limitTokensPerSecond"), (Double) q.get("tokensPerSecond"),
                    (Double) q.get("deviationPercent"), q.get("withinFivePercent"), q.get("lost"));
        }
        printTargets(result, runs, startups, latency, rates);
    }

    private static String brokerMicros(Double micros) {
        return micros == null || micros < 0 ? "?" : String.format(Locale.ROOT, "%.0f", micros);
    }

    /** Issue 18's targets, each with the measured value and met or NOT; a row whose runs were not made says so. */
    private static void printTargets(Map<String, Object> result, List<Map<String, Object>> runs,
                                     List<Map<String, Object>> startups, List<Map<String, Object>> latency,
                                     List<Map<String, Object>> rates) {
        System.out.println("\ntargets (issue 18): measured, met or NOT, target; beside each rate the emulator's ceiling at the "
                + "gateway's concurrency and HTTP version (under twice the target: bounded by the emulator)");
        rate(runs, "legacy events cold", "events", "legacy", 9_600);
        rate(runs, "v1 events steady", "steady", "v1", 10_000);
        rate(runs, "v1 events cold", "events", "v1", 6_000);

        cpu(runs, "gateway CPU/token, v1 events steady", "steady", "v1", false, STEADY_CPU_MICROS);
        cpu(runs, "gateway CPU/token, v1 events cold", "events", "v1", false, COLD_CPU_MICROS);
        cpu(runs, "gateway CPU/token, legacy events cold", "events", "legacy", false, COLD_CPU_MICROS);
        // At 0 ms the run is as long as the steady one, so its warm share is the steady state of each
        // protocol without waiting on latency (the whole run, start-up included, is shown for reference).
        for (String protocol : List.of("v1", "legacy")) {
            cpu(runs, "gateway CPU/token, " + protocol + " at 0 ms, steady", "zero-latency", protocol, true, STEADY_CPU_MICROS);
            cpu(runs, "gateway CPU/token, " + protocol + " at 0 ms, whole run", "zero-latency", protocol, false, Double.NaN);
        }

        Double baseline = (Double) result.get("brokerCpuBaselineMicrosPerRequest");
        for (String workload : List.of("events", "zero-latency")) {
            for (String protocol : List.of("v1", "legacy")) {
                brokerCpu(runs, workload, protocol, baseline);
            }
        }

        rate(runs, "broadcast legacy", "broadcast", "legacy", 300_000);
        rate(runs, "broadcast v1", "broadcast", "v1", 10_000);

        startup(startups, "start-up to consuming, java -jar, Java 17", "FAT_JAR", f -> f == 17, 5.0);
        startup(startups, "start-up to consuming, start script + AOT cache, Java 25", "SCRIPT_CACHE", f -> f >= 25, 2.5);

        for (String protocol : List.of("v1", "legacy")) {
            long target = P99_TARGET_MILLIS.get(protocol);
            List<Map<String, Object>> rows = latency.stream().filter(l -> l.get("protocol").equals(protocol)).toList();
            if (rows.isEmpty()) {
                notRun("p99 publish -> FCM answer at half the max, " + protocol, "<= " + target + " ms");
            }
            for (Map<String, Object> l : rows) {
                long answer = (Long) l.get("p99Millis") + (Integer) l.get("emulatorLatencyMillis");
                line("p99 publish -> FCM answer at half the max, " + protocol, answer + " ms", answer <= target ? MET : NOT,
                        "<= " + target + " ms", String.format(Locale.ROOT, "offered %,d tokens/s; p99 %d ms + %d ms emulator",
                                (Long) l.get("offeredTokensPerSecond"), (Long) l.get("p99Millis"),
                                (Integer) l.get("emulatorLatencyMillis")));
            }
        }

        List<Map<String, Object>> all = new ArrayList<>(runs);
        all.addAll(latency);
        all.addAll(rates);
        Map<String, Object> biggest = all.stream().max(Comparator.comparingDouble(r -> number(r.get("peakRssMib")))).orElse(null);
        if (biggest == null) {
            notRun("peak RSS, any workload, chart heap", "<= 350 MiB");
        } else {
            double rss = number(biggest.get("peakRssMib"));
            String heap = Boolean.FALSE.equals(result.get("chartHeap"))
                    ? "; NOT the chart's heap: gateway JVM " + result.get("gatewayJvm") : "";
            line("peak RSS, any workload, chart heap", String.format(Locale.ROOT, "%.0f MiB", rss),
                    rss <= RSS_TARGET_MIB ? MET : NOT, "<= 350 MiB", "in " + biggest.get("workload") + " "
                            + biggest.get("protocol") + heap);
        }

        if (all.isEmpty()) {
            notRun("lost, every run", "0");
        } else {
            long lost = all.stream().mapToLong(r -> (Long) r.get("lost")).sum();
            long twice = all.stream().mapToLong(r -> (Long) r.get("sentTwice")).sum();
            line("lost, every run", String.valueOf(lost), lost == 0 ? MET : NOT, "0",
                    all.size() + " runs; sent twice " + twice);
        }
    }

    private static void rate(List<Map<String, Object>> runs, String figure, String workload, String protocol, double target) {
        String targetText = String.format(Locale.ROOT, ">= %,.0f tokens/s", target);
        List<Map<String, Object>> rows = select(runs, workload, protocol);
        if (rows.isEmpty()) {
            notRun(figure, targetText);
        }
        for (Map<String, Object> r : rows) {
            double rate = (Double) r.get("tokensPerSecond");
            long ceiling = (Long) r.getOrDefault("emulatorCeilingTokensPerSecond", 0L);
            String ceilingNote = ceiling <= 0 ? "emulator ceiling not measured"
                    : String.format(Locale.ROOT, "emulator ceiling %,d (%s in flight, %s)%s", ceiling,
                            r.get("emulatorCeilingConcurrency"), r.get("emulatorCeilingHttpVersion"),
                            ceiling < 2 * target ? ": bounded by the emulator" : "");
            line(figure + " " + shape(r), String.format(Locale.ROOT, "%,.0f tokens/s", rate), rate >= target ? MET : NOT,
                    targetText, ceilingNote);
        }
    }

    private static void cpu(List<Map<String, Object>> runs, String figure, String workload, String protocol, boolean warm,
                            double target) {
        boolean info = Double.isNaN(target);
        String targetText = info ? "-" : String.format(Locale.ROOT, "<= %.0f µs", target);
        List<Map<String, Object>> rows = select(runs, workload, protocol);
        if (rows.isEmpty() && !info) {
            notRun(figure, targetText);
        }
        for (Map<String, Object> r : rows) {
            double cpu = (Double) r.get(warm ? "warmGatewayCpuMicrosPerToken" : "gatewayCpuMicrosPerToken");
            String window = warm ? (String) r.get("warmWindow") : (String) r.get("measuredWindow");
            line(figure + " " + shape(r), String.format(Locale.ROOT, "%.1f µs", cpu), info ? "info" : cpu <= target ? MET : NOT,
                    targetText,
                    String.format(Locale.ROOT, "%s; %.0f µs per request", window,
                            (Double) r.get(warm ? "warmGatewayCpuMicrosPerRequest" : "gatewayCpuMicrosPerRequest")));
        }
    }

    private static void brokerCpu(List<Map<String, Object>> runs, String workload, String protocol, Double baseline) {
        String figure = "broker CPU/request, " + protocol + (workload.equals("events") ? " events" : " at 0 ms, whole run");
        String targetText = baseline == null ? "<= 1/3 of today's" : String.format(Locale.ROOT, "<= %.0f µs (1/3 of %.0f)",
                baseline / 3, baseline);
        List<Map<String, Object>> rows = select(runs, workload, protocol);
        if (rows.isEmpty()) {
            notRun(figure, targetText);
        }
        for (Map<String, Object> r : rows) {
            double micros = (Double) r.get("brokerCpuMicrosPerRequest");
            String status = micros < 0 ? "unknown" : baseline == null ? "-" : micros <= baseline / 3 ? MET : NOT;
            String note = (baseline == null ? "no baseline (--broker-cpu-baseline-us); " : "")
                    + String.format(Locale.ROOT, "broker %.2f s over the gateway's window", (Double) r.get("brokerCpuSecondsInWindow"));
            if (r.containsKey("warmBrokerCpuMicrosPerRequest")) {
                note += String.format(Locale.ROOT, "; warm %.0f µs", (Double) r.get("warmBrokerCpuMicrosPerRequest"));
            }
            line(figure + " " + shape(r), micros < 0 ? "unknown" : String.format(Locale.ROOT, "%.0f µs", micros), status,
                    targetText, note);
        }
    }

    private static void startup(List<Map<String, Object>> startups, String figure, String launch, IntPredicate feature,
                                double limit) {
        String targetText = String.format(Locale.ROOT, "<= %.1f s", limit);
        List<Map<String, Object>> rows = startups.stream().filter(s -> launch.equals(s.get("launch"))
                && feature.test(feature((String) s.get("launcher")))).toList();
        if (rows.isEmpty()) {
            notRun(figure, targetText);
        }
        for (Map<String, Object> s : rows) {
            double consuming = (Double) s.get("consumingSeconds");
            String launcher = (String) s.get("launcher");
            String note = "median of " + s.get("starts") + ", " + javaLabel(launcher);
            if (launch.equals("SCRIPT_CACHE") && !javaLabel(launcher).endsWith("AOT")) {
                note += ": the AOT cache was not used (" + launcher + ")";
            }
            if (launch.equals("FAT_JAR")) {
                // Beside it, the same JDK through the start script without its cache (the extracted jar, chart heap).
                note += startups.stream()
                        .filter(o -> "SCRIPT_PLAIN".equals(o.get("launch")) && o.get("javaHome").equals(s.get("javaHome")))
                        .map(o -> String.format(Locale.ROOT, "; start script without cache %.2f s", (Double) o.get("consumingSeconds")))
                        .findFirst().orElse("");
            }
            line(figure, String.format(Locale.ROOT, "%.2f s", consuming), consuming <= limit ? MET : NOT, targetText, note);
        }
    }

    /** "(20,000 x 2, quorum)": what a run measured. */
    private static String shape(Map<String, Object> r) {
        return String.format(Locale.ROOT, "(%,d x %,d, %s)", (Integer) r.get("requests"), (Integer) r.get("tokensPerRequest"),
                r.get("queueType"));
    }

    private static List<Map<String, Object>> select(List<Map<String, Object>> runs, String workload, String protocol) {
        Predicate<Map<String, Object>> match = r -> r.get("workload").equals(workload) && r.get("protocol").equals(protocol);
        return runs.stream().filter(match).toList();
    }

    private static void notRun(String figure, String target) {
        line(figure, "-", "not run", target, "");
    }

    private static void line(String figure, String measured, String status, String target, String note) {
        System.out.printf(Locale.ROOT, "  %-68s %16s  %-7s  %-22s %s%n", figure, measured, status, target, note);
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : 0;
    }

    /** "Java 25.0.3+9-LTS (/usr/lib/jvm/…), AOT cache …" → "25 AOT"; "… plain …" → "25 plain". */
    static String javaLabel(String launcher) {
        if (launcher == null) {
            return "?";
        }
        String how = launcher.contains("refused") ? "plain!" : launcher.contains("AOT cache") ? "AOT"
                : launcher.contains("CDS archive") ? "CDS" : launcher.contains("java -jar") ? "jar" : "plain";
        return feature(launcher) + " " + how;
    }

    private static int feature(String launcher) {
        Matcher m = JAVA_FEATURE.matcher(launcher == null ? "" : launcher);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
