package io.pushgateway.pipeline;

import io.pushgateway.testsupport.GatewayTestBase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Tests extending this share one gateway context speaking the legacy protocol on vhost e2e-legacy. */
abstract class LegacyGatewayTest extends GatewayTestBase {

    @DynamicPropertySource
    static void legacyGateway(DynamicPropertyRegistry registry) {
        registerBroker(registry, "e2e-legacy");
        registry.add("push.emulator.protocol", () -> "legacy");
    }
}
