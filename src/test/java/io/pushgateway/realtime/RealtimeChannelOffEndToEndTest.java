package io.pushgateway.realtime;

import static io.pushgateway.testsupport.BrokerProbe.header;
import static io.pushgateway.testsupport.BrokerProbe.withMessageId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.pushgateway.testsupport.Await;
import io.pushgateway.testsupport.GatewayTestBase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** push.realtime.enabled=false (the default): no exchange, no publish, web_users alone are no target. */
class RealtimeChannelOffEndToEndTest extends GatewayTestBase {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    private MeterRegistry meters;

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        registerBroker(registry, "e2e-realtime-off");
    }

    @Test
    void aRequestForWebUsersOnlyIsDeadLetteredAsNoTokens() {
        String id = unique("rt-off-web-");
        // An unreadable request's dead letter carries the AMQP message_id (its JSON was not accepted).
        broker.publishRaw("{\"title\":\"t\",\"web_users\":[\"alice\"]}".getBytes(StandardCharsets.UTF_8), id);

        var dead = broker.await("push.dead", withMessageId(id), 1, WAIT).get(0);
        assertThat(header(dead, "x-push-error")).isEqualTo("no-tokens");
    }

    @Test
    void nothingIsPublishedOnTheRealtimeChannelAndItsExchangeIsNotDeclared() {
        String id = unique("rt-off-map-");
        String token = unique("tok-");
        broker.publishRequest("{\"title\":\"t\",\"message_id\":\"" + id + "\",\"registration_tokens\":{\"alice\":\""
                + token + "\"},\"groups\":[\"g1\"]}");

        Await.until("FCM delivery", WAIT, () -> emulator().stats().deliveries(token) == 1);
        assertThat(meters.counter("push.realtime.published").count()).isZero();
        assertThat(meters.counter("push.realtime.failed").count()).isZero();
        assertThatThrownBy(() -> rabbit.execute(channel -> channel.exchangeDeclarePassive("push.realtime")))
                .hasStackTraceContaining("NOT_FOUND");
    }
}
