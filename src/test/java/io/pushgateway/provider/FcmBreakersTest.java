package io.pushgateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.pushgateway.config.PushProperties;
import io.pushgateway.testsupport.MovableClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FcmBreakersTest {

    private final MovableClock clock = new MovableClock();
    private final FcmBreakers breakers = new FcmBreakers(
            new PushProperties.Breaker(Duration.ofSeconds(1), Duration.ofSeconds(30), 2, 50, 10),
            List.of("default", "second"), clock);

    @Test
    void givesEveryProjectABreakerOfItsOwn() {
        open(breakers.of("default"));

        assertThat(breakers.of("default").getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breakers.of("second").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breakers.holdFor("second")).isZero();
    }

    @Test
    void holdsRefusedTokensOnlyUntilTheFirstShortProbe() {
        open(breakers.of("default"));

        assertThat(breakers.holdFor("default")).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofMillis(400));
        assertThat(breakers.holdFor("default")).isEqualTo(Duration.ofMillis(600));
    }

    @Test
    void doublesTheOpenStateEachTimeAProbeFailsAndStartsShortAgainOnceClosed() {
        CircuitBreaker breaker = breakers.of("default");
        open(breaker);
        breaker.transitionToHalfOpenState();
        failProbes(breaker);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breakers.holdFor("default")).isEqualTo(Duration.ofSeconds(2));

        breaker.transitionToHalfOpenState();
        failProbes(breaker);
        assertThat(breakers.holdFor("default")).isEqualTo(Duration.ofSeconds(4));

        breaker.transitionToClosedState();
        open(breaker);
        assertThat(breakers.holdFor("default")).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void holdsTokensRefusedWhileTheProbesAreOutForNoTimeSoTheyTakeTheFirstLevel() {
        CircuitBreaker breaker = breakers.of("default");
        open(breaker);
        breaker.transitionToHalfOpenState();

        assertThat(breakers.holdFor("default")).isZero();
    }

    @Test
    void neverHoldsLongerThanTheLongestOpenState() {
        CircuitBreaker breaker = breakers.of("default");
        open(breaker);
        for (int i = 0; i < 10; i++) {
            breaker.transitionToHalfOpenState();
            failProbes(breaker);
        }
        assertThat(breakers.holdFor("default")).isEqualTo(Duration.ofSeconds(30));
    }

    private static void open(CircuitBreaker breaker) {
        breaker.onError(0, TimeUnit.NANOSECONDS, new RuntimeException("down"));
        breaker.onError(0, TimeUnit.NANOSECONDS, new RuntimeException("down"));
    }

    private static void failProbes(CircuitBreaker breaker) {
        for (int i = 0; i < 3 && breaker.getState() == CircuitBreaker.State.HALF_OPEN; i++) {
            breaker.onError(0, TimeUnit.NANOSECONDS, new RuntimeException("still down"));
        }
    }
}
