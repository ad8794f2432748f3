package io.pushgateway.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code push_fcm_circuit_state{state,project}}: 1 for the breaker's current state, 0 for the others,
 * so a dashboard can show it as a state timeline and an alert can fire on {@code state="open"}.
 */
public final class CircuitStateGauge {

    private static final String[] STATES = {"closed", "open", "half_open"};

    private CircuitStateGauge() {
    }

    /** {@code currentState} gives Resilience4j's state name (CLOSED, OPEN, HALF_OPEN, …) or null. */
    public static void register(MeterRegistry registry, String project, Supplier<String> currentState) {
        for (String state : STATES) {
            Gauge.builder("push.fcm.circuit.state", () -> {
                        String current = currentState.get();
                        return current != null && current.toLowerCase(Locale.ROOT).equals(state) ? 1 : 0;
                    })
                    .description("FCM circuit breaker state (1 = current)")
                    .tag("state", state).tag("project", project).register(registry);
        }
    }
}
