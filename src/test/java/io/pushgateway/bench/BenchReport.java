package io.pushgateway.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prints the benchmark's result: the runs' table, start-up, latency and quota rows, and issue 9's targets. */
final class BenchReport {

    /** 400 MB (the target's unit) in MiB, the unit of VmHWM as printed. */
    private static final double RSS_TARGET_MIB = 400e6 / (1 << 20);
    private static final double P99_TARGET_MILLIS = 100;
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
        System.out.println("RabbitMQ: scheduler busy-wait off: " + result.get("rabbitmqBusyWaitOff")
                + "; load average at the end " + result.get("loadAverageAtEnd"));
        System.out.printf(Locale.ROOT, "%-11s %-6s %-7s %9s %11s %10s %7s %8s %7s %7s %8s %6s %5s %-11s %5s%n", "workload",
                "proto", "queue", "tokens", "tokens/s", "emu-ceil", "of-ceil", "cpu-us/t", "start-s", "first-s", "rss-MiB",
                "lost", "twice", "java", "load");
        for (Map<String, Object> r : runs) {
            System.out.printf(Locale.ROOT, "%-11s %-6s %-7s %,9d %,11.0f %,10d %7s %8.1f %7.2f %7.2f %8.0f %6s %5s %-11s %5s%n",
                    r.get("workload"), r.get("protocol"), r.get("queueType"), (Long) r.get("tokens"),
                    (Double) r.get("tokensPerSecond"), (Long) r.getOrDefault("emulatorCeilingTokensPerSecond", 0L),
                    r.getOrDefault("fractionOfCeiling", "-"), (Double) r.get("gatewayCpuMicrosPerToken"),
                    (Double) r.get("startupSeconds"), (Double) r.get("firstSendSeconds"), (Double) r.get("peakRssMib"),
                    r.get("lost"), r.get("sentTwice"), javaLabel((String) r.get("gatewayJava")),
                    String.valueOf(r.get("loadAverageBefore")).split(" ")[0]);
        }
        if (!runs.isEmpty()) {
            System.out.println("tokens/s and cpu-us/t over the measured window: events, broadcast, big-request from the "
                    + "first send to the last; steady over the tokens after its warm-up share. start-s: JVM start to "
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
                            + "receipt, + %d ms emulator latency = p99 to its answer %d ms (target <= %.0f ms); max %d ms, "
                            + "lost %s, twice %s, emulator ceiling %,d tokens/s%n", l.get("protocol"),
                    (Long) l.get("offeredTokensPerSecond"), (Long) l.get("p50Millis"), p99, emulatorLatency,
                    p99 + emulatorLatency, P99_TARGET_MILLIS, (Long) l.get("maxMillis"), l.get("lost"), l.get("sentTwice"),
                    (Long) l.getOrDefault("emulatorCeilingTokensPerSecond", 0L));
        }
        for (Map<String, Object> q : rates) {
            System.out.printf(Locale.ROOT, "quota    %-7s limit %,d tokens/s: achieved %,.0f (%+.2f %%), within 5 %%: %s, lost %s%n",
                    q.get("protocol"), (Long) q.get("limitTokensPerSecond"), (Double) q.get("tokensPerSecond"),
                    (Double) q.get("deviationPercent"), q.get("withinFivePercent"), q.get("lost"));
        }
        printTargets(runs, startups, latency);
    }

    private static void printTargets(List<Map<String, Object>> runs, List<Map<String, Object>> startups,
                                     List<Map<String, Object>> latency) {
        System.out.println("\ntargets (issue 9):");
        rate(runs, "events v1, steady state", "steady", "v1", 10_000);
        rate(runs, "events v1, cold", "events", "v1", 6_000);
        rate(runs, "events legacy, cold", "events", "legacy", 9_500);
        rate(runs, "broadcast v1", "broadcast", "v1", 10_000);
        rate(runs, "broadcast legacy", "broadcast", "legacy", 300_000);
        for (Map<String, Object> r : select(runs, "steady", "v1")) {
            double cpu = (Double) r.get("gatewayCpuMicrosPerToken");
            line("gateway CPU per v1 token, steady (" + r.get("queueType") + ")", String.format(Locale.ROOT, "%.1f µs", cpu),
                    "<= 60 µs", cpu <= 60);
        }
        for (Map<String, Object> s : startups) {
            int feature = feature((String) s.get("launcher"));
            double limit = feature >= 25 ? 4 : 8;
            double consuming = (Double) s.get("consumingSeconds");
            line("start-up to consuming, " + s.get("variant"), String.format(Locale.ROOT, "%.2f s", consuming),
                    String.format(Locale.ROOT, "<= %.0f s on Java %d", limit, feature), consuming <= limit);
        }
        double maxRss = runs.stream().mapToDouble(r -> (Double) r.get("peakRssMib")).max().orElse(0);
        if (!runs.isEmpty()) {
            line("peak RSS, any workload", String.format(Locale.ROOT, "%.0f MiB", maxRss), "<= 400 MB (381 MiB)",
                    maxRss <= RSS_TARGET_MIB);
        }
        for (Map<String, Object> r : select(runs, "big-request", "v1")) {
            double rss = (Double) r.get("peakRssMib");
            boolean once = Boolean.TRUE.equals(r.get("allSentOnce"));
            line("one " + r.get("tokens") + "-token v1 request", String.format(Locale.ROOT, "%s distinct, %s twice, %.0f MiB",
                    r.get("distinctDelivered"), r.get("sentTwice"), rss), "all sent once, <= 400 MB", once && rss <= RSS_TARGET_MIB);
        }
        for (Map<String, Object> l : latency) {
            long answer = (Long) l.get("p99Millis") + (Integer) l.get("emulatorLatencyMillis");
            line("p99 publish -> emulator answer, " + l.get("protocol"), answer + " ms", "<= 100 ms", answer <= P99_TARGET_MILLIS);
        }
        long lost = runs.stream().mapToLong(r -> (Long) r.get("lost")).sum()
                + latency.stream().mapToLong(r -> (Long) r.get("lost")).sum();
        line("lost, every run", String.valueOf(lost), "0", lost == 0);
    }

    private static void rate(List<Map<String, Object>> runs, String figure, String workload, String protocol, double target) {
        for (Map<String, Object> r : select(runs, workload, protocol)) {
            double rate = (Double) r.get("tokensPerSecond");
            long ceiling = (Long) r.getOrDefault("emulatorCeilingTokensPerSecond", 0L);
            String ceilingNote = String.format(Locale.ROOT, "; emulator ceiling %,d = %s twice the target", ceiling,
                    ceiling >= 2 * target ? "at least" : "NOT");
            line(figure + " (" + r.get("queueType") + ")", String.format(Locale.ROOT, "%,.0f tokens/s", rate),
                    String.format(Locale.ROOT, ">= %,.0f%s", target, ceilingNote), rate >= target);
        }
    }

    private static List<Map<String, Object>> select(List<Map<String, Object>> runs, String workload, String protocol) {
        Predicate<Map<String, Object>> match = r -> r.get("workload").equals(workload) && r.get("protocol").equals(protocol);
        return runs.stream().filter(match).toList();
    }

    private static void line(String figure, String measured, String target, boolean met) {
        System.out.printf(Locale.ROOT, "  %-54s %-32s %-4s (target %s)%n", figure, measured, met ? "met" : "NOT", target);
    }

    /** "Java 25.0.3+9-LTS (/usr/lib/jvm/…), AOT cache …" → "25 AOT"; "… plain …" → "25 plain". */
    static String javaLabel(String launcher) {
        if (launcher == null) {
            return "?";
        }
        String how = launcher.contains("refused") ? "plain!" : launcher.contains("AOT cache") ? "AOT"
                : launcher.contains("CDS archive") ? "CDS" : "plain";
        return feature(launcher) + " " + how;
    }

    private static int feature(String launcher) {
        Matcher m = JAVA_FEATURE.matcher(launcher == null ? "" : launcher);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
