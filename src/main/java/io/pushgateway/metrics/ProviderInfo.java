package io.pushgateway.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pushgateway.config.PushProperties;
import io.pushgateway.config.PushProperties.ProviderKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * Says which provider answers the gateway's sends, so that the built-in emulator answering where
 * FCM was meant cannot go unnoticed: every push it answers is acked and reaches no device.
 * <ul>
 *   <li>{@code push_provider_info{provider="fcm|gcm|emulator"} 1}, always registered, so a
 *       dashboard shows the provider and an alert can fire on {@code provider="emulator"};</li>
 *   <li>{@code "push": {"provider": …}} in {@code /actuator/info};</li>
 *   <li>with the emulator, a WARN banner at start and again every {@link #REPEAT}, so it is in
 *       whatever slice of the log someone reads, not only in the start-up lines.</li>
 * </ul>
 */
public final class ProviderInfo implements InfoContributor, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderInfo.class);

    /** How often the emulator banner repeats: often enough for any log window someone looks at. */
    public static final Duration REPEAT = Duration.ofMinutes(5);

    private final String provider;
    private final String chosenBy;
    private final Clock clock;
    private final Instant since;
    private final Repeater.Stop repeating;

    private ProviderInfo(String provider, String chosenBy, Clock clock, Repeater repeater) {
        this.provider = provider;
        this.chosenBy = chosenBy;
        this.clock = clock;
        this.since = clock.instant();
        this.repeating = isEmulator() ? repeater.every(REPEAT, this::warnIfEmulated) : () -> { };
    }

    /** Registers the gauge, and with the emulator logs the banner and repeats it on {@code repeater}. */
    public static ProviderInfo start(PushProperties props, MeterRegistry registry, Clock clock, Repeater repeater) {
        ProviderKind kind = props.effectiveProvider();
        String name = kind.name().toLowerCase(Locale.ROOT);
        // Only property names, never their values: a credentials path or key has no place in a log.
        String chosenBy = props.provider() != null ? "push.provider=" + name
                : switch (kind) {
                    case FCM -> "push.provider is empty and push.fcm.credentials is set";
                    case GCM -> "push.provider is empty and push.gcm.api-key is set";
                    case EMULATOR -> "push.provider is empty and neither push.fcm.credentials nor push.gcm.api-key is set";
                };
        ProviderInfo info = new ProviderInfo(name, chosenBy, clock, repeater);
        Gauge.builder("push.provider.info", () -> 1)
                .description("The provider answering the gateway's sends (fcm, gcm or emulator); always 1")
                .tag("provider", name).register(registry);
        info.warnIfEmulated();
        return info;
    }

    /** The banner, when the emulator answers; what the repetition runs. */
    public void warnIfEmulated() {
        if (!isEmulator()) {
            return;
        }
        long minutes = Duration.between(since, clock.instant()).toMinutes();
        LOG.warn("*** THE BUILT-IN FCM EMULATOR ANSWERS EVERY SEND: nothing reaches a real device, yet every push is"
                        + " acked ({}). For FCM set push.provider=fcm and push.fcm.credentials. Emulating since {} ({} min). ***",
                chosenBy, since, minutes);
    }

    /** fcm, gcm or emulator. */
    public String provider() {
        return provider;
    }

    @Override
    public void contribute(Info.Builder builder) {
        Map<String, Object> push = new LinkedHashMap<>();
        push.put("provider", provider);
        push.put("chosenBy", chosenBy);
        if (isEmulator()) {
            push.put("warning", "the built-in FCM emulator answers every send: nothing reaches a real device");
        }
        builder.withDetail("push", push);
    }

    /** Stops the banner's repetition (with the application context). */
    @Override
    public void close() {
        repeating.stop();
    }

    private boolean isEmulator() {
        return provider.equals("emulator");
    }

    /** Runs a task every period until stopped; tests pass one they tick by hand. */
    @FunctionalInterface
    public interface Repeater {

        /** Runs {@code task} every {@code period}, the first time one period from now. */
        Stop every(Duration period, Runnable task);

        /** Stops the repetition. */
        @FunctionalInterface
        interface Stop {
            void stop();
        }

        /** On a daemon thread of its own, which stopping ends. */
        static Repeater onDaemonThread(String name) {
            return (period, task) -> {
                ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread thread = new Thread(r, name);
                    thread.setDaemon(true);
                    return thread;
                });
                executor.scheduleAtFixedRate(task, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
                return executor::shutdownNow;
            };
        }
    }
}
