package io.pushgateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Impossible settings stop the start with a message that names them. */
class PushPropertiesValidationTest {

    @Configuration
    @EnableConfigurationProperties(PushProperties.class)
    static class Props {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class,
                    ValidationAutoConfiguration.class))
            .withPropertyValues(Defaults.ALL)
            .withUserConfiguration(Props.class);

    @Test
    void acceptsTheShippedDefaultsAndPicksTheEmulatorWithoutCredentials() {
        runner.run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx.getBean(PushProperties.class).effectiveProvider())
                    .isEqualTo(PushProperties.ProviderKind.EMULATOR);
        });
    }

    @Test
    void rejectsALegacyBatchSizeOverFcmsLimit() {
        runner.withPropertyValues("push.gcm.batch-size=1001").run(ctx ->
                assertThat(ctx).getFailure().hasStackTraceContaining("gcm.batchSize"));
    }

    @Test
    void rejectsEmptyRetryDelays() {
        runner.withPropertyValues("push.retry.delays=").run(ctx ->
                assertThat(ctx).getFailure().hasStackTraceContaining("retry.delays"));
    }

    @Test
    void rejectsDescendingRetryDelays() {
        runner.withPropertyValues("push.retry.delays=5s,1s").run(ctx ->
                assertThat(ctx).getFailure().hasStackTraceContaining("ascending"));
    }

    @Test
    void rejectsTheFcmProviderWithoutCredentialsOrAProjectIdAndSaysWhatToSet() {
        runner.withPropertyValues("push.provider=fcm").run(ctx ->
                assertThat(ctx).getFailure().hasStackTraceContaining("push.fcm.credentials")
                        .hasStackTraceContaining("push.fcm.project-id")
                        .hasStackTraceContaining("Application Default Credentials"));
    }

    @Test
    void acceptsTheFcmProviderWithOnlyAProjectIdForApplicationDefaultCredentials() {
        runner.withPropertyValues("push.provider=fcm", "push.fcm.project-id=my-project").run(ctx ->
                assertThat(ctx).hasNotFailed());
    }

    @Test
    void keepsTheEmulatorWithoutAProviderWhenOnlyAProjectIdIsSet() {
        runner.withPropertyValues("push.fcm.project-id=my-project").run(ctx ->
                assertThat(ctx.getBean(PushProperties.class).effectiveProvider())
                        .isEqualTo(PushProperties.ProviderKind.EMULATOR));
    }

    @Test
    void letsAnExtraProjectUseApplicationDefaultCredentialsOnlyWithTheFcmProviderAndAProjectId() {
        runner.withPropertyValues("push.provider=fcm", "push.fcm.project-id=main",
                "push.fcm.projects.eu.project-id=eu-project").run(ctx -> assertThat(ctx).hasNotFailed());
        runner.withPropertyValues("push.provider=fcm", "push.fcm.project-id=main",
                "push.fcm.projects.eu.rate-limit=5").run(ctx ->
                assertThat(ctx).getFailure().hasStackTraceContaining("push.fcm.projects.<name> needs credentials"));
        // FCM picked by a key file alone is no request for Application Default Credentials.
        runner.withPropertyValues("push.fcm.credentials=/tmp/sa.json",
                "push.fcm.projects.eu.project-id=eu-project").run(ctx ->
                assertThat(ctx).getFailure().hasStackTraceContaining("push.fcm.projects.<name> needs credentials"));
    }

    @Test
    void picksFcmWhenCredentialsAreGivenAndGcmWhenOnlyAnApiKeyIs() {
        runner.withPropertyValues("push.fcm.credentials=/tmp/sa.json").run(ctx ->
                assertThat(ctx.getBean(PushProperties.class).effectiveProvider())
                        .isEqualTo(PushProperties.ProviderKind.FCM));
        runner.withPropertyValues("push.gcm.api-key=k").run(ctx ->
                assertThat(ctx.getBean(PushProperties.class).effectiveProvider())
                        .isEqualTo(PushProperties.ProviderKind.GCM));
    }

    @Test
    void keepsTheOutcomeQueuesClassicByDefaultAndMakesThemQuorumWhenAsked() {
        runner.run(ctx -> assertThat(ctx.getBean(PushProperties.class).topology().outcomeQueueType())
                .isEqualTo(PushProperties.QueueType.CLASSIC));
        runner.withPropertyValues("push.topology.outcome-queue-type=quorum").run(ctx ->
                assertThat(ctx.getBean(PushProperties.class).topology().outcomeQueueType())
                        .isEqualTo(PushProperties.QueueType.QUORUM));
    }

    @Test
    void neverPrintsTheLegacyKey() {
        runner.withPropertyValues("push.gcm.api-key=super-secret-key").run(ctx ->
                assertThat(ctx.getBean(PushProperties.class).toString()).doesNotContain("super-secret-key"));
    }

    /** The shipped application.yaml, read as properties, so the test uses the real defaults. */
    static final class Defaults {
        static final String[] ALL = load();

        private static String[] load() {
            try {
                var sources = new org.springframework.boot.env.YamlPropertySourceLoader()
                        .load("defaults", new org.springframework.core.io.ClassPathResource("application.yaml"));
                var source = (org.springframework.core.env.EnumerablePropertySource<?>) sources.get(0);
                return java.util.Arrays.stream(source.getPropertyNames())
                        .filter(name -> name.startsWith("push."))
                        .map(name -> name + "=" + source.getProperty(name))
                        .toArray(String[]::new);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
