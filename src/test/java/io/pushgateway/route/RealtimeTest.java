package io.pushgateway.route;

import static io.pushgateway.route.RouteTesting.exchange;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pushgateway.broker.BrokerHeaders;
import io.pushgateway.realtime.RealtimeDelivery;
import io.pushgateway.realtime.RealtimeMessage;
import io.pushgateway.realtime.RealtimeMessages;
import io.pushgateway.realtime.RealtimeMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

/** How the realtime bean shapes each real-time publish and counts a failed one. */
class RealtimeTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Realtime realtime = new Realtime(new RealtimeDelivery(true, new RealtimeMessages(new ObjectMapper()),
            new RealtimeMetrics(registry), Clock.systemUTC()));

    @Test
    void aRealtimePublishCarriesItsRoutingKeyAndIdAndNoIntakeHeader() {
        Exchange exchange = exchange(new RealtimeMessage("user.alice", "m-1", "{}".getBytes(StandardCharsets.UTF_8)));
        exchange.getMessage().setHeader("x-intake-only", "leak");

        realtime.toMessage(exchange);

        assertThat(exchange.getMessage().getHeaders())
                .doesNotContainKey("x-intake-only")
                .containsEntry(BrokerHeaders.ROUTING_KEY, "user.alice")
                .containsEntry(BrokerHeaders.MESSAGE_ID, "m-1");
        assertThat(exchange.getMessage().getBody(String.class)).isEqualTo("{}");
    }

    @Test
    void aFailedPublishIsCountedAndGoesNoFurther() {
        Exchange exchange = exchange(new RealtimeMessage("user.alice", "m-1", new byte[0]));
        realtime.toMessage(exchange);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalStateException("channel closed"));

        realtime.failed(exchange);

        assertThat(registry.get("push.realtime.failed").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("push.realtime.published").counter().count()).isZero();
    }
}
