package io.pushgateway.bench;

import java.util.Locale;

/**
 * One throughput run: a workload on a protocol and an intake queue type, its requests, how much of
 * its start is left out of the measured window ({@code skipFraction} of the tokens; 0: the whole
 * run, from the first send to the last), and the emulator's latency per send answer during it.
 */
record RunSpec(String workload, String protocol, String queueType, int requests, int tokensPerRequest,
               double skipFraction, int emulatorLatencyMs) {

    long tokens() {
        return (long) requests * tokensPerRequest;
    }

    String window() {
        return skipFraction <= 0 ? "first to last send"
                : String.format(Locale.ROOT, "last %.0f %% of the tokens", (1 - skipFraction) * 100);
    }

    String name() {
        return workload + "-" + protocol + "-" + queueType;
    }
}
