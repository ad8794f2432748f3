package io.pushgateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgateway.config.PushProperties;
import io.pushgateway.provider.http.ProviderTrust;
import io.pushgateway.testsupport.TestCertificates;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.io.ClassPathResource;

/** Both trust settings end in one ProviderTrust that trusts exactly the CA they name; neither, the JVM's. */
class ProviderAccessBeansTest {

    @TempDir
    static Path dir;
    private static TestCertificates.Authority ca;

    @BeforeAll
    static void makeACa() {
        ca = TestCertificates.authority(dir, "access-beans-ca");
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class,
                    SslAutoConfiguration.class))
            .withPropertyValues(shippedDefaults())
            .withUserConfiguration(Props.class, ProviderAccessBeans.class);

    @EnableConfigurationProperties(PushProperties.class)
    static class Props {
    }

    @Test
    void trustsTheJvmsStoreWhenNeitherSettingIsGiven() {
        runner.run(ctx -> assertThat(ctx.getBean(ProviderTrust.class).isJvmDefault()).isTrue());
    }

    @Test
    void trustsTheCaOfTheTrustCaFile() {
        runner.withPropertyValues("push.http.trust-ca-file=" + ca.certificate())
                .run(ctx -> assertThat(subjects(ctx.getBean(ProviderTrust.class))).containsExactly("CN=access-beans-ca"));
    }

    @Test
    void trustsEveryCaOfABundleFileAsCorporateCaFilesHoldSeveral() throws Exception {
        TestCertificates.Authority other = TestCertificates.authority(dir, "access-beans-other-ca");
        Path both = dir.resolve("both.pem");
        java.nio.file.Files.writeString(both, java.nio.file.Files.readString(ca.certificate())
                + java.nio.file.Files.readString(other.certificate()));

        runner.withPropertyValues("push.http.trust-ca-file=" + both).run(ctx ->
                assertThat(subjects(ctx.getBean(ProviderTrust.class)))
                        .containsExactlyInAnyOrder("CN=access-beans-ca", "CN=access-beans-other-ca"));
    }

    @Test
    void stopsTheStartWhenTheTrustCaFileIsMissing() {
        runner.withPropertyValues("push.http.trust-ca-file=" + dir.resolve("missing.pem"))
                .run(ctx -> assertThat(ctx).getFailure().hasStackTraceContaining("missing.pem"));
    }

    @Test
    void trustsTheCaOfTheSslBundle() {
        runner.withPropertyValues("push.http.trust-ssl-bundle=fcm",
                        "spring.ssl.bundle.pem.fcm.truststore.certificate=file:" + ca.certificate())
                .run(ctx -> assertThat(subjects(ctx.getBean(ProviderTrust.class))).containsExactly("CN=access-beans-ca"));
    }

    private static String[] subjects(ProviderTrust trust) {
        X509TrustManager manager = (X509TrustManager) Arrays.stream(trust.managers().getTrustManagers())
                .filter(X509TrustManager.class::isInstance).findFirst().orElseThrow();
        return Arrays.stream(manager.getAcceptedIssuers()).map(X509Certificate::getSubjectX500Principal)
                .map(Object::toString).toArray(String[]::new);
    }

    private static String[] shippedDefaults() {
        try {
            var source = (EnumerablePropertySource<?>) new YamlPropertySourceLoader()
                    .load("defaults", new ClassPathResource("application.yaml")).get(0);
            return Arrays.stream(source.getPropertyNames()).filter(n -> n.startsWith("push."))
                    .map(n -> n + "=" + source.getProperty(n)).toArray(String[]::new);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
