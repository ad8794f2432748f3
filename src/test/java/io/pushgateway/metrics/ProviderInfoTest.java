package io.pushgateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pushgateway.config.PushProperties;
import io.pushgateway.testsupport.MovableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.io.ClassPathResource;

/** Whoever reads the log, the metrics or /actuator/info learns which provider answers, and loudly so when it is the emulator. */
class ProviderInfoTest {

    private final MovableClock clock = new MovableClock();
    private final TickedRepeater repeater = new TickedRepeater();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ProviderInfo.class);

    @BeforeEach
    void captureLog() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(log);
    }

    @Test
    void theEmulatorChosenForLackOfCredentialsIsAnnouncedByAWarnBannerAtStartSayingWhy() {
        ProviderInfo.start(props(), registry, clock, repeater);

        assertThat(warnings()).singleElement().satisfies(line -> assertThat(line)
                .contains("THE BUILT-IN FCM EMULATOR ANSWERS EVERY SEND: nothing reaches a real device")
                .contains("neither push.fcm.credentials nor push.gcm.api-key is set")
                .contains("set push.provider=fcm and push.fcm.credentials")
                .contains("(0 min)"));
    }

    @Test
    void theBannerRepeatsEveryFiveMinutesAndSaysHowLongTheEmulatorHasAnswered() {
        ProviderInfo.start(props(), registry, clock, repeater);

        clock.advance(Duration.ofMinutes(5));
        repeater.tick();
        clock.advance(Duration.ofMinutes(5));
        repeater.tick();

        assertThat(repeater.period).isEqualTo(Duration.ofMinutes(5));
        assertThat(warnings()).hasSize(3);
        assertThat(warnings().get(1)).contains("THE BUILT-IN FCM EMULATOR ANSWERS EVERY SEND").contains("(5 min)");
        assertThat(warnings().get(2)).contains("(10 min)");
    }

    @Test
    void closingItStopsTheRepetition() {
        ProviderInfo info = ProviderInfo.start(props(), registry, clock, repeater);

        info.close();

        assertThat(repeater.stopped).isTrue();
    }

    @Test
    void anExplicitEmulatorIsNamedAsSuchAndNoCredentialReachesTheLog() {
        ProviderInfo.start(props("push.provider", "emulator", "push.gcm.api-key", "legacy-secret-key",
                "push.fcm.credentials", "/secrets/sa.json"), registry, clock, repeater);

        assertThat(warnings()).singleElement().satisfies(line -> assertThat(line)
                .contains("(push.provider=emulator)").doesNotContain("legacy-secret-key").doesNotContain("sa.json"));
    }

    @Test
    void realProvidersLogNoBannerAndRepeatNothing() {
        ProviderInfo.start(props("push.fcm.credentials", "/secrets/sa.json"), registry, clock, repeater);

        assertThat(warnings()).isEmpty();
        assertThat(repeater.task).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "emulator, push.emulator.port, 0",
            "fcm, push.fcm.credentials, /secrets/sa.json",
            "gcm, push.gcm.api-key, legacy-secret-key"})
    void theGaugeIsScrapedAsPushProviderInfoLabelledWithTheEffectiveProvider(String provider, String key, String value) {
        ProviderInfo.start(props(key, value), registry, clock, repeater);

        assertThat(registry.scrape()).contains("push_provider_info{provider=\"" + provider + "\"} 1");
    }

    @Test
    void actuatorInfoNamesTheProviderAndWarnsWhenItIsTheEmulator() {
        Info.Builder builder = new Info.Builder();

        ProviderInfo.start(props(), registry, clock, repeater).contribute(builder);

        @SuppressWarnings("unchecked")
        Map<String, Object> push = (Map<String, Object>) builder.build().get("push");
        assertThat(push).containsEntry("provider", "emulator")
                .containsEntry("chosenBy", "push.provider is empty and neither push.fcm.credentials nor push.gcm.api-key is set")
                .containsKey("warning");
    }

    @Test
    void actuatorInfoOfFcmCarriesNoWarning() {
        Info.Builder builder = new Info.Builder();

        ProviderInfo.start(props("push.fcm.credentials", "/secrets/sa.json"), registry, clock, repeater).contribute(builder);

        assertThat(builder.build().get("push")).isEqualTo(Map.of("provider", "fcm",
                "chosenBy", "push.provider is empty and push.fcm.credentials is set"));
    }

    private List<String> warnings() {
        return log.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** application.yaml's push.* defaults, with {@code keyValues} (key, value, key, value, …) on top. */
    private static PushProperties props(String... keyValues) {
        Map<String, Object> overrides = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            overrides.put(keyValues[i], keyValues[i + 1]);
        }
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new MapPropertySource("test", overrides));
        try {
            new YamlPropertySourceLoader().load("defaults", new ClassPathResource("application.yaml"))
                    .forEach(sources::addLast);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Binder(ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources))
                .bind("push", PushProperties.class).get();
    }

    /** Keeps the repeated task and runs it when told: the repetition without waiting. */
    private static final class TickedRepeater implements ProviderInfo.Repeater {
        Duration period;
        Runnable task;
        boolean stopped;

        @Override
        public Stop every(Duration period, Runnable task) {
            this.period = period;
            this.task = task;
            return () -> stopped = true;
        }

        void tick() {
            task.run();
        }
    }
}
