package io.pushgateway.security;

import io.pushgateway.PushGatewayApplication;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the whole gateway application with command-line properties, the way an operator would,
 * for tests whose point is that it must not start. The gateway declares its broker topology while
 * it starts, so a broker connection that cannot be made stops the start.
 */
final class GatewayStart {

    private final Map<String, String> properties = new LinkedHashMap<>();

    private GatewayStart() {
        // Fail fast: a refused TLS handshake is immediate, a silent peer is not.
        properties.put("spring.rabbitmq.connection-timeout", "5s");
        properties.put("spring.rabbitmq.host", "127.0.0.1");
        properties.put("push.provider", "emulator");
    }

    static GatewayStart withProperties(String... keyValues) {
        GatewayStart start = new GatewayStart();
        for (int i = 0; i < keyValues.length; i += 2) {
            start.properties.put(keyValues[i], keyValues[i + 1]);
        }
        return start;
    }

    GatewayStart with(String key, String value) {
        properties.put(key, value);
        return this;
    }

    /** Starts the gateway and returns why it did not start; fails the test if it started. */
    Throwable failure() {
        List<String> args = new ArrayList<>();
        properties.forEach((k, v) -> args.add("--" + k + "=" + v));
        ConfigurableApplicationContext started;
        try {
            started = new SpringApplicationBuilder(PushGatewayApplication.class).run(args.toArray(String[]::new));
        } catch (Throwable failure) {
            return failure;
        }
        started.close();
        throw new AssertionError("the gateway started with " + properties + " but it must not");
    }

    /** Every message of the cause chain, class names included, on one line each. */
    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            text.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
        }
        return text.toString();
    }
}
