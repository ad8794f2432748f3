package io.pushgateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class DerivedSettingsTest {

    private final DerivedSettings settings = new DerivedSettings();

    @Test
    void switchesConsoleLogsToJsonWhenAsked() {
        var env = new MockEnvironment().withProperty("push.logging.json", "true");
        settings.postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("logging.structured.format.console")).isEqualTo("logstash");
    }

    @Test
    void leavesPlainLogsAloneByDefault() {
        var env = new MockEnvironment();
        settings.postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("logging.structured.format.console")).isNull();
    }

    @Test
    void givesCamelAndSpringTheShutdownGracePeriod() {
        var env = new MockEnvironment().withProperty("push.shutdown.grace-period", "45s");
        settings.postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("camel.main.shutdown-timeout")).isEqualTo("45");
        assertThat(env.getProperty("spring.lifecycle.timeout-per-shutdown-phase")).isEqualTo("45000ms");
    }

    @Test
    void neverOverridesAnExplicitCamelSetting() {
        var env = new MockEnvironment().withProperty("push.shutdown.grace-period", "45s")
                .withProperty("camel.main.shutdown-timeout", "7");
        settings.postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("camel.main.shutdown-timeout")).isEqualTo("7");
    }

    @Test
    void namesEachShippedRouteFileSoCamelNeverSearchesTheJar() {
        var env = new MockEnvironment().withProperty("push.routes.location", "classpath:routes");
        settings.postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("camel.main.routes-include-pattern").split(","))
                .contains("classpath:routes/consume-push-requests.camel.yaml", "classpath:routes/send-batch.camel.yaml")
                .allSatisfy(file -> assertThat(file).startsWith("classpath:routes/").endsWith(".camel.yaml"));
    }

    @Test
    void loadsEveryRouteFileOfAMountedFolder() {
        var env = new MockEnvironment().withProperty("push.routes.location", "file:/etc/push-gateway/routes/");
        settings.postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("camel.main.routes-include-pattern")).isEqualTo("file:/etc/push-gateway/routes/*.camel.yaml");
    }
}
