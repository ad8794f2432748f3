package io.pushgateway.emulator;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** How long each send answer is held back: a fixed part plus uniform random jitter in [0, jitter]. */
record LatencyProfile(Duration fixed, Duration jitter) {

    static final LatencyProfile NONE = new LatencyProfile(Duration.ZERO, Duration.ZERO);

    LatencyProfile {
        EmulatorSettings.requireNotNegative(fixed, "fixed latency");
        EmulatorSettings.requireNotNegative(jitter, "jitter");
    }

    Duration nextDelay() {
        long jitterNanos = jitter.toNanos();
        long extra = jitterNanos == 0 ? 0 : ThreadLocalRandom.current().nextLong(jitterNanos + 1);
        return fixed.plusNanos(extra);
    }
}
