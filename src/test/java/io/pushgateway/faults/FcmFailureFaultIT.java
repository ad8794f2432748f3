package io.pushgateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgateway.emulator.Outage;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** FCM misbehaves for a while: tokens wait in the retry levels and all arrive afterwards. */
class FcmFailureFaultIT extends FaultTestBase {

    @Test
    void parksTokensThroughAThirtySecondOutageAndDeliversThemAllAfterwardsWithNoDeadLetters() {
        TokenLedger ledger = publish(100, 10, "outage-");
        emulator.setOutage(Outage.unavailable(Duration.ofSeconds(2)));
        startGateway();
        long outageStart = System.nanoTime();
        await("the circuit to open", Duration.ofSeconds(10),
                () -> metric("push_fcm_circuit_state{application=\"push-gateway\",project=\"default\",state=\"open\"}") == 1.0);
        GatewayProcess.pause(Math.max(0, 10_000 - (System.nanoTime() - outageStart) / 1_000_000));
        emulator.setOutage(Outage.refuseConnections());
        GatewayProcess.pause(10_000);
        emulator.setOutage(Outage.timeout(Duration.ofSeconds(5)));
        GatewayProcess.pause(10_000);
        long deliveredDuringOutage = ledger.delivered(emulator.stats());
        emulator.setOutage(Outage.none());
        long outageEnd = System.currentTimeMillis();

        await("every token delivered", Duration.ofSeconds(120), () -> ledger.delivered(emulator.stats()) == ledger.size());
        long lastDelivery = ledger.tokens().stream().map(t -> emulator.stats().attemptTimes(t))
                .filter(times -> !times.isEmpty()).mapToLong(times -> times.get(times.size() - 1)).max().orElse(outageEnd);
        await("queues drained", Duration.ofSeconds(60), this::queuesEmpty);
        int dead = drain("push.dead").size();
        long lost = ledger.lost(emulator.stats(), Set.of());
        TokenLedger.report("fcm-outage-30s", ledger.size(), lost, ledger.sentTwice(emulator.stats()),
                "dead-letters=" + dead + " delivered-during-outage=" + deliveredDuringOutage
                        + " all-delivered-ms-after-outage-end=" + (lastDelivery - outageEnd) + " (goal 15000)");
        assertThat(deliveredDuringOutage).isZero();
        assertThat(lost).isZero();
        assertThat(dead).isZero();
        assertThat(depth("push.dead")).isZero();
    }

    @Test
    void neverResendsATokenBeforeTheRetryAfterOfA429Storm() {
        TokenLedger ledger = publish(40, 5, "storm-");
        emulator.setOutage(Outage.rateLimited(Duration.ofSeconds(5)));
        startGateway();
        // The storm lasts a while after the first 429s (the breaker holds most tokens back meanwhile).
        await("the storm answered some sends", Duration.ofSeconds(30), () -> emulator.stats().sendRequests() >= 20);
        GatewayProcess.pause(8_000);
        emulator.setOutage(Outage.none());

        await("every token delivered", Duration.ofSeconds(180), () -> ledger.delivered(emulator.stats()) == ledger.size());
        long shortestGap = Long.MAX_VALUE;
        int resent = 0;
        for (String token : ledger.tokens()) {
            List<Long> times = emulator.stats().attemptTimes(token);
            resent += times.size() > 1 ? 1 : 0;
            for (int i = 1; i < times.size(); i++) {
                shortestGap = Math.min(shortestGap, times.get(i) - times.get(i - 1));
            }
        }
        TokenLedger.report("429-storm", ledger.size(), ledger.lost(emulator.stats(), Set.of()),
                ledger.sentTwice(emulator.stats()), "shortest-resend-gap-ms=" + shortestGap);
        // Without a resent token there would be no gap to judge, and the next line would pass vacuously.
        assertThat(resent).as("tokens the storm made the gateway resend").isPositive();
        assertThat(shortestGap).as("no resend inside Retry-After: 5").isGreaterThanOrEqualTo(5_000);
        assertThat(ledger.lost(emulator.stats(), Set.of())).isZero();
    }

    @Test
    void refreshesAccessTokensAfterARevocationAndATokenEndpointOutageWithoutDeadLetters() {
        startGateway();
        TokenLedger warmUp = publish(1, 1, "warm-");
        await("a first token delivered (an access token is cached)", Duration.ofSeconds(30),
                () -> warmUp.delivered(emulator.stats()) == 1);
        long grantsBefore = emulator.stats().tokenRequests();

        emulator.setTokenEndpointFailing(true);
        emulator.revokeAccessTokens();
        TokenLedger ledger = publish(20, 5, "oauth-");
        GatewayProcess.pause(8_000);
        long deliveredWhileFailing = ledger.delivered(emulator.stats());
        emulator.setTokenEndpointFailing(false);

        await("every token delivered", Duration.ofSeconds(120), () -> ledger.delivered(emulator.stats()) == ledger.size());
        int dead = drain("push.dead").size();
        TokenLedger.report("oauth-failure", ledger.size(), ledger.lost(emulator.stats(), Set.of()),
                ledger.sentTwice(emulator.stats()), "dead-letters=" + dead);
        assertThat(deliveredWhileFailing).isZero();
        assertThat(emulator.stats().tokenRequests()).isGreaterThan(grantsBefore);
        assertThat(dead).isZero();
    }
}
