package io.pushgateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgateway.testsupport.GatewayTestBase;
import org.apache.camel.component.http.HttpComponent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** camel-http for outcome callbacks: pool sized to the intake consumers, our timeouts, no silent resends. */
class HttpClientSettingsEndToEndTest extends GatewayTestBase {

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        registerBroker(registry, "http-settings");
        registry.add("push.intake.consumers", () -> "37");
        registry.add("push.http.connect-timeout", () -> "1500ms");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "https"})
    void configuresBothSchemesFromPushSettings(String scheme) {
        HttpComponent http = camel.getComponent(scheme, HttpComponent.class);
        assertThat(http.isAutomaticRetriesDisabled()).isTrue();
        assertThat(http.isCookieManagementDisabled()).isTrue();
        assertThat(http.isContentCompressionDisabled()).isTrue();
        assertThat(http.getConnectionsPerRoute()).isEqualTo(37);
        assertThat(http.getMaxTotalConnections()).isEqualTo(37);
        assertThat(http.getConnectTimeout()).isEqualTo(1500L);
        assertThat(http.getResponseTimeout()).isEqualTo(2000L);
        assertThat(http.getSoTimeout()).isEqualTo(2000L);
    }
}
