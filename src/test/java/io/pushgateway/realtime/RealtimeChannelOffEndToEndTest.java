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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * push.realtime.enabled=false (the default): no exchange, no publish; web_users and groups alone are no
 * target (no-tokens), and next to a device they change nothing about its send.
 */
class RealtimeChannelOffEndToEndTest extends GatewayTestBase {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    private MeterRegistry meters;

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        registerBroker(registry, "e2e-realtime-off");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\"groups\":[\"g1\"]", "\"web_users\":[\"alice\"]",
            "\"web_users\":[\"alice\"],\"groups\":[\"g1\"]"})
    void aRequestForRealtimeRecipientsOnlyIsDeadLetteredAsNoTokens(String recipients) {
        String id = unique("rt-off-only-");
        // An unreadable request's dead letter carries the AMQP message_id (its JSON was not accepted).
        broker.publishRaw(("{\"title\":\"t\"," + recipients + "}").getBytes(StandardCharsets.UTF_8), id);

        var dead = broker.await("push.dead", withMessageId(id), 1, WAIT).get(0);
        assertThat(header(dead, "x-push-error")).isEqualTo("no-tokens");
    }

    /** The recipients are ignored with the channel off; the device is sent as usual and the request acked. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "registration_tokens | \"groups\":[\"g1\"]",
            "installation_ids    | \"web_users\":[\"bob\"]",
            "registration_tokens | \"web_users\":[\"bob\"],\"groups\":[\"g1\"]"})
    void aRequestForRealtimeRecipientsAndADeviceSendsTheDeviceAndIsAcked(String deviceField, String recipients) {
        String id = unique("rt-off-device-");
        String device = unique("dev-");
        broker.publishRaw(("{\"title\":\"t\"," + recipients + ",\"" + deviceField + "\":[\"" + device + "\"]}")
                .getBytes(StandardCharsets.UTF_8), id);

        Await.until("FCM delivery", WAIT, () -> emulator().stats().deliveries(device) == 1);
        Await.until("the request acked", WAIT, () -> broker.depth("push.requests") == 0);
        assertThat(broker.collect("push.dead", withMessageId(id), Duration.ofMillis(300))).isEmpty();
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
