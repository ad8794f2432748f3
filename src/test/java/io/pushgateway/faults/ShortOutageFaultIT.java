package io.pushgateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgateway.emulator.Outage;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A short FCM outage under load, with the gateway's own breaker defaults (an open state that
 * starts at 1 s and grows to 30 s): tokens must not wait out the breaker's
 * longest open state. Before the growing open state and the hold-until-next-probe, the same
 * 3 s outage delivered its last token 31.6 s after it began.
 */
class ShortOutageFaultIT extends FaultTestBase {

    /** The goal for a 3 s outage; printed beside the measured figure. */
    private static final long GOAL_MILLIS = 8_000;
    /** What this test fails at: well under the 30 s open state the gateway used to wait out. */
    private static final long LIMIT_MILLIS = 20_000;

    @Test
    void deliversEveryTokenSoonAfterAThreeSecondOutageEnds() {
        TokenLedger ledger = publish(300, 10, "short-outage-");
        emulator.setLatency(Duration.ofMillis(40), Duration.ZERO);
        // The suite's retry levels (1 s, 2 s, 4 s, ...; the topology is declared with them) and the
        // gateway's own breaker defaults: its open state grows from 1 s to 30 s.
        startGateway(Map.of(
                "push.breaker.first-wait-in-open-state", "1s",
                "push.breaker.wait-in-open-state", "30s",
                "push.breaker.minimum-calls", "20"));
        await("deliveries under way", Duration.ofSeconds(90), () -> ledger.delivered(emulator.stats()) >= 300);

        long outageStart = System.currentTimeMillis();
        emulator.setOutage(Outage.unavailable(Duration.ofSeconds(1)));
        // The fault is a span of wall-clock time: FCM answers 503 for 3 s, whatever the gateway does.
        GatewayProcess.pause(3_000);
        emulator.setOutage(Outage.none());

        await("every token delivered", Duration.ofSeconds(120), () -> ledger.delivered(emulator.stats()) == ledger.size());
        long lastDelivery = ledger.tokens().stream()
                .map(t -> emulator.stats().attemptTimes(t))
                .filter(times -> !times.isEmpty())
                .mapToLong(times -> times.get(times.size() - 1))
                .max().orElse(outageStart);
        long recovery = lastDelivery - outageStart;
        long lost = ledger.lost(emulator.stats(), Set.of());
        TokenLedger.report("fcm-outage-3s", ledger.size(), lost, ledger.sentTwice(emulator.stats()),
                "all-delivered-ms-after-outage-start=" + recovery + " (goal " + GOAL_MILLIS + ")");
        assertThat(lost).isZero();
        assertThat(recovery).as("last delivery after the 3 s outage began, ms").isLessThan(LIMIT_MILLIS);
        assertThat(drain("push.dead")).isEmpty();
    }
}
