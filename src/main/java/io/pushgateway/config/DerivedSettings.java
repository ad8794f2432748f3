package io.pushgateway.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns the few push.* switches that steer Spring Boot and Camel themselves into their own
 * settings, early enough for logging and shutdown to see them:
 * <ul>
 *   <li>{@code push.logging.json=true} → structured JSON console logs (logstash layout; the
 *       request's message id is in every line's MDC as {@code push.message_id});</li>
 *   <li>{@code push.shutdown.grace-period} → how long Camel and Spring wait for in-flight requests
 *       on SIGTERM before stopping (a request not finished by then is not acked and comes back).</li>
 * </ul>
 * Explicit Spring/Camel settings win: these are added as defaults only.
 */
public class DerivedSettings implements EnvironmentPostProcessor {

    static final String SOURCE = "push-derived-settings";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        Map<String, Object> derived = new HashMap<>();
        if (Boolean.parseBoolean(env.getProperty("push.logging.json", "false"))) {
            derived.put("logging.structured.format.console", "logstash");
        }
        String grace = env.getProperty("push.shutdown.grace-period");
        if (grace != null && !grace.isBlank()) {
            Duration period = DurationStyle.detectAndParse(grace.trim());
            derived.put("camel.main.shutdown-timeout", String.valueOf(Math.max(1, period.toSeconds())));
            derived.put("spring.lifecycle.timeout-per-shutdown-phase", period.toMillis() + "ms");
        }
        if (!derived.isEmpty()) {
            env.getPropertySources().addLast(new MapPropertySource(SOURCE, derived));
        }
    }
}
