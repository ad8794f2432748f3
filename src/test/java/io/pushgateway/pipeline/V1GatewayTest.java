package io.pushgateway.pipeline;

import io.pushgateway.testsupport.GatewayTestBase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Tests extending this share one gateway context speaking FCM v1 on vhost e2e-v1. */
abstract class V1GatewayTest extends GatewayTestBase {

    @DynamicPropertySource
    static void v1Gateway(DynamicPropertyRegistry registry) {
        registerBroker(registry, "e2e-v1");
        registry.add("push.emulator.protocol", () -> "v1");
    }
}
