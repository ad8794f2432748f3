package io.pushgateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgateway.testsupport.GatewayTestBase;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.ReflectionTestUtils;

/** The intake consumers get a dispatch thread each, instead of the client's 2 x CPUs default. */
class ConsumerThreadsEndToEndTest extends GatewayTestBase {

    @Autowired
    CachingConnectionFactory connections;

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        registerBroker(registry, "consumer-threads");
        registry.add("push.intake.consumers", () -> "7");
    }

    @Test
    void givesTheBrokerConnectionOneDispatchThreadPerIntakeConsumerPlusTwo() {
        Object executor = ReflectionTestUtils.getField(connections, "executorService");
        assertThat(executor).isInstanceOf(ThreadPoolExecutor.class);
        assertThat(((ThreadPoolExecutor) executor).getCorePoolSize()).isEqualTo(9);
        // The consumers really run there: this context's pool started threads (other contexts' consumer
        // threads in the same JVM carry the same name, so a name search alone would prove nothing).
        assertThat(((ThreadPoolExecutor) executor).getLargestPoolSize()).isPositive();
    }
}
