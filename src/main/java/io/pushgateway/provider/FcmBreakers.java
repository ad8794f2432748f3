package io.pushgateway.provider;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.pushgateway.config.PushProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit breakers of the send path, one per Firebase project, so one project's outage never
 * holds back another's. The route's {@code circuitBreaker} step uses them by bean name
 * ({@link #beanName}); this class builds them from push.breaker.* and knows, for tokens the open
 * circuit refuses, how long until the breaker will actually probe FCM again.
 *
 * <p>The open state starts short (push.breaker.first-wait-in-open-state) and doubles each time a
 * half-open probe fails, up to push.breaker.wait-in-open-state: a 3 s outage costs seconds, while
 * a dead FCM is probed rarely. Resilience4j moves to half-open by itself when the wait is over.
 */
public final class FcmBreakers {

    /** The project of requests that name none (push.fcm.*). */
    public static final String DEFAULT_PROJECT = PushProperties.Fcm.DEFAULT_PROJECT;
    private static final Logger LOG = LoggerFactory.getLogger(FcmBreakers.class);
    private static final int PROBES_IN_HALF_OPEN = 3;

    private final Map<String, Watched> byProject = new LinkedHashMap<>();

    public FcmBreakers(PushProperties.Breaker settings, Collection<String> projects, Clock clock) {
        IntervalFunction openWait = openWait(settings);
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRateThreshold())
                .minimumNumberOfCalls(settings.minimumCalls())
                .slidingWindowSize(settings.slidingWindowSize())
                .permittedNumberOfCallsInHalfOpenState(PROBES_IN_HALF_OPEN)
                .waitIntervalFunctionInOpenState(openWait)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .writableStackTraceEnabled(false)
                .build();
        for (String project : projects) {
            CircuitBreaker breaker = CircuitBreaker.of("fcm-" + project, config);
            byProject.put(project, new Watched(breaker, openWait, clock));
        }
    }

    /** Exponential from the first wait, doubling, capped at the longest wait. */
    static IntervalFunction openWait(PushProperties.Breaker settings) {
        Duration first = settings.firstWaitInOpenState();
        Duration longest = settings.waitInOpenState();
        if (first.compareTo(longest) >= 0) {
            return IntervalFunction.of(longest);
        }
        return IntervalFunction.ofExponentialBackoff(first, 2.0, longest);
    }

    /** The name the route template refers to: {@code fcmBreaker-<project>}. */
    public static String beanName(String project) {
        return "fcmBreaker-" + project;
    }

    public Map<String, CircuitBreaker> all() {
        Map<String, CircuitBreaker> out = new LinkedHashMap<>();
        byProject.forEach((project, watched) -> out.put(project, watched.breaker));
        return out;
    }

    public CircuitBreaker of(String project) {
        Watched watched = byProject.get(project);
        if (watched == null) {
            throw new IllegalArgumentException("no circuit breaker for project '" + project + "'");
        }
        return watched.breaker;
    }

    /**
     * How long tokens the open circuit refused should wait: until the breaker's next probe (zero
     * when it is not open).
     */
    public Duration holdFor(String project) {
        Watched watched = byProject.get(project);
        return watched == null ? Duration.ZERO : watched.hold();
    }

    /** Follows a breaker's transitions to know when its current open state ends. */
    private static final class Watched {
        final CircuitBreaker breaker;
        final AtomicInteger openings = new AtomicInteger();
        final AtomicReference<Instant> openUntil = new AtomicReference<>(Instant.MIN);
        final Clock clock;

        Watched(CircuitBreaker breaker, IntervalFunction openWait, Clock clock) {
            this.breaker = breaker;
            this.clock = clock;
            breaker.getEventPublisher().onStateTransition(event -> {
                CircuitBreaker.StateTransition transition = event.getStateTransition();
                if (transition.getToState() == CircuitBreaker.State.OPEN) {
                    // Resilience4j counts the openings since the circuit was last closed, as we do here.
                    int attempt = transition.getFromState() == CircuitBreaker.State.HALF_OPEN
                            ? openings.incrementAndGet() : resetTo(1);
                    long waitMillis = openWait.apply(attempt);
                    openUntil.set(clock.instant().plusMillis(waitMillis));
                    CircuitBreaker.Metrics calls = breaker.getMetrics();
                    LOG.warn("circuit {} {}: FCM is failing ({} of the last {} batches failed), next probe in {} ms"
                                    + " (opening {})", breaker.getName(), transition, calls.getNumberOfFailedCalls(),
                            calls.getNumberOfBufferedCalls(), waitMillis, attempt);
                } else if (transition.getToState() == CircuitBreaker.State.CLOSED) {
                    openings.set(0);
                    openUntil.set(Instant.MIN);
                    LOG.info("circuit {} {}: FCM answers again", breaker.getName(), transition);
                } else {
                    LOG.info("circuit {} {}", breaker.getName(), transition);
                }
            });
        }

        private int resetTo(int value) {
            openings.set(value);
            return value;
        }

        Duration hold() {
            if (breaker.getState() != CircuitBreaker.State.OPEN) {
                return Duration.ZERO;
            }
            Duration left = Duration.between(clock.instant(), openUntil.get());
            return left.isNegative() ? Duration.ZERO : left;
        }
    }
}
