package io.pushgateway.config;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Turns the few push.* switches that steer Spring Boot and Camel themselves into their own
 * settings, early enough for logging and shutdown to see them:
 * <ul>
 *   <li>{@code push.logging.json=true} → structured JSON console logs (logstash layout; the
 *       request's message id is in every line's MDC as {@code push.message_id});</li>
 *   <li>{@code push.shutdown.grace-period} → how long Camel and Spring wait for in-flight requests
 *       on SIGTERM before stopping (a request not finished by then is not acked and comes back).</li>
 *   <li>{@code push.routes.location} → the route files Camel loads ({@code *.camel.yaml} in that
 *       folder). A {@code classpath:} folder is listed here, by name: Camel's own search for a
 *       pattern reads the whole fat jar entry by entry, about a second of every start.</li>
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
        env.getPropertySources().addLast(new RouteFiles(env));
    }

    /**
     * {@code camel.main.routes-include-pattern}, worked out when Camel asks for it, not now: the
     * location may still be set after this post-processor ran (a test's dynamic properties).
     */
    static final class RouteFiles extends PropertySource<String> {

        static final String PATTERN = "camel.main.routes-include-pattern";

        /** Not this source's source: Spring would walk an environment given as one, and come back here. */
        private final ConfigurableEnvironment env;

        RouteFiles(ConfigurableEnvironment env) {
            super(SOURCE + "-routes", PATTERN);
            this.env = env;
        }

        @Override
        public Object getProperty(String name) {
            return PATTERN.equals(name) ? routeFiles(env.getProperty("push.routes.location", "classpath:routes")) : null;
        }
    }

    /** The include pattern of the route files in {@code location}: a classpath folder's files by name. */
    static String routeFiles(String location) {
        String folder = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
        if (!folder.startsWith("classpath:")) {
            return folder + "/*.camel.yaml";
        }
        try {
            Resource[] files = new PathMatchingResourcePatternResolver(DerivedSettings.class.getClassLoader())
                    .getResources(folder + "/*.camel.yaml");
            List<String> names = Arrays.stream(files).map(Resource::getFilename).filter(Objects::nonNull).sorted()
                    .map(name -> folder + "/" + name).toList();
            return names.isEmpty() ? folder + "/*.camel.yaml" : String.join(",", names);
        } catch (IOException e) {
            return folder + "/*.camel.yaml";
        }
    }
}
