package io.pushgateway.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pushgateway.config.PushProperties;
import io.pushgateway.emulator.EmulatorSettings;
import io.pushgateway.emulator.FcmEmulator;
import io.pushgateway.provider.fcm.CredentialsSource;
import io.pushgateway.provider.http.ProviderTrust;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * With push.provider=fcm and no key file, a project's credentials are Google's Application Default
 * Credentials. The test stands in for the environment through the same seam the gateway looks
 * them up with: present, they are a service-account file of the emulator's (as
 * GOOGLE_APPLICATION_CREDENTIALS would name); absent, the start stops and says what to set.
 */
class ApplicationDefaultCredentialsTest {

    @TempDir
    static Path dir;
    private static FcmEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = FcmEmulator.start(EmulatorSettings.defaults());
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void sendsForTheConfiguredProjectWithTokensFromTheApplicationDefaultCredentials() {
        Path adc = emulator.writeServiceAccountFile(dir.resolve("adc"), "adc-project");
        long before = emulator.stats().tokenRequests();

        try (ProviderRuntime runtime = ProviderRuntime.start(fcm("push.fcm.project-id", "adc-project"),
                ProviderTrust.jvm(), CredentialsSource.keyFile(adc), project -> () -> { })) {

            assertThat(runtime.sendUrl()).isEqualTo(emulator.v1SendUrl("adc-project"));
            assertThat(runtime.authorizer().authorization()).startsWith("Bearer ya29.emulator-");
            assertThat(emulator.stats().tokenRequests()).isEqualTo(before + 1);
        }
    }

    @Test
    void stopsTheStartWhenNoApplicationDefaultCredentialsAreFoundAndSaysWhatToSet() {
        CredentialsSource none = transport -> {
            throw new IOException("Your default credentials were not found.");
        };

        assertThatThrownBy(() -> ProviderRuntime.start(fcm("push.fcm.project-id", "adc-project"), ProviderTrust.jvm(),
                none, project -> () -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("push.fcm.credentials is not set")
                .hasMessageContaining("Application Default Credentials, but none were found")
                .hasMessageContaining("Your default credentials were not found.")
                .hasMessageContaining("GOOGLE_APPLICATION_CREDENTIALS")
                .hasMessageContaining("GKE Workload Identity");
    }

    @Test
    void namesTheExtraProjectWhoseApplicationDefaultCredentialsAreMissing() {
        Path adc = emulator.writeServiceAccountFile(dir.resolve("adc-default"), "adc-project");
        CredentialsSource onlyTheFirstLookup = new CredentialsSource() {
            private int lookups;

            @Override
            public com.google.auth.oauth2.GoogleCredentials load(com.google.auth.http.HttpTransportFactory transport)
                    throws IOException {
                if (lookups++ > 0) {
                    throw new IOException("gone");
                }
                return CredentialsSource.keyFile(adc).load(transport);
            }
        };

        assertThatThrownBy(() -> ProviderRuntime.start(fcm("push.fcm.project-id", "adc-project",
                "push.fcm.projects.eu.project-id", "eu-project"), ProviderTrust.jvm(), onlyTheFirstLookup,
                project -> () -> { }))
                .hasMessageContaining("push.fcm.projects.eu.credentials is not set, so FCM project 'eu'");
    }

    /** The shipped defaults with push.provider=fcm against the emulator, plus {@code keyValues}. */
    private static PushProperties fcm(String... keyValues) {
        Map<String, Object> properties = new LinkedHashMap<>(shippedDefaults());
        properties.put("push.provider", "fcm");
        properties.put("push.fcm.endpoint", emulator.baseUrl());
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put(keyValues[i], keyValues[i + 1]);
        }
        return new Binder(new MapConfigurationPropertySource(properties)).bind("push", PushProperties.class).get();
    }

    private static Map<String, Object> shippedDefaults() {
        try {
            var source = (EnumerablePropertySource<?>) new YamlPropertySourceLoader()
                    .load("defaults", new ClassPathResource("application.yaml")).get(0);
            Map<String, Object> defaults = new LinkedHashMap<>();
            for (String name : source.getPropertyNames()) {
                if (name.startsWith("push.")) {
                    defaults.put(name, String.valueOf(source.getProperty(name)));
                }
            }
            return defaults;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
