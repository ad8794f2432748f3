package io.pushgateway.pipeline;

import static io.pushgateway.testsupport.BrokerProbe.header;
import static io.pushgateway.testsupport.BrokerProbe.withMessageId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushgateway.testsupport.Await;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;

/**
 * FCM v1's platform blocks and fcm_options reach the emulator merged over what the gateway maps
 * itself (the request's explicit fields win), and a typo in one is a dead letter that names it.
 */
class PlatformBlocksEndToEndTest extends V1GatewayTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aBlockFieldIsMergedWithTheMappedIconAndPriority() {
        String token = unique("blocks-merge-");
        broker.publishRequest(request(unique("blocks-"), token,
                "\"android\":{\"notification\":{\"color\":\"#ff0000\"}}"));

        JsonNode android = lastMessage(token).get("android");
        assertThat(android.get("notification").get("icon").asText()).isEqualTo("ic_launcher");
        assertThat(android.get("notification").get("color").asText()).isEqualTo("#ff0000");
        assertThat(android.get("priority").asText()).isEqualToIgnoringCase("high");
        assertThat(android.get("ttl").asText()).isEqualTo("3600s");
    }

    @Test
    void anExplicitAndroidIconAndPriorityWinOverTheMappedOnes() {
        String token = unique("blocks-explicit-");
        broker.publishRequest(request(unique("blocks-"), token,
                "\"android\":{\"priority\":\"normal\",\"notification\":{\"icon\":\"ic_special\"}}"));

        JsonNode android = lastMessage(token).get("android");
        assertThat(android.get("notification").get("icon").asText()).isEqualTo("ic_special");
        assertThat(android.get("priority").asText()).isEqualToIgnoringCase("normal");
    }

    @Test
    void apnsWebpushAndFcmOptionsBlocksArePassedThroughAsGiven() {
        String token = unique("blocks-pass-");
        broker.publishRequest(request(unique("blocks-"), token,
                "\"apns\":{\"headers\":{\"apns-priority\":\"10\"},\"payload\":{\"aps\":{\"badge\":3,\"sound\":\"ping.aiff\"}}},"
                        + "\"webpush\":{\"fcm_options\":{\"link\":\"https://example.invalid/post/42\"}},"
                        + "\"fcm_options\":{\"analytics_label\":\"comments\"}"));

        JsonNode message = lastMessage(token);
        assertThat(message.at("/apns/headers/apns-priority").asText()).isEqualTo("10");
        assertThat(message.at("/apns/payload/aps/badge").asInt()).isEqualTo(3);
        assertThat(message.at("/apns/payload/aps/sound").asText()).isEqualTo("ping.aiff");
        assertThat(message.at("/webpush/fcm_options/link").asText()).isEqualTo("https://example.invalid/post/42");
        assertThat(message.at("/fcm_options/analytics_label").asText()).isEqualTo("comments");
        Await.until("delivery", WAIT, () -> emulator().stats().deliveries(token) == 1);
    }

    @Test
    void anUnknownFieldInApnsIsADeadLetterNamingIt() throws Exception {
        String token = unique("blocks-typo-");
        String id = unique("blocks-typo-req-");
        broker.publishRequest(request(id, token, "\"apns\":{\"headerz\":{\"apns-priority\":\"10\"}}"));

        Message dead = broker.await("push.dead", withMessageId(id), 1, WAIT).get(0);
        assertThat(header(dead, "x-push-error")).isEqualTo("fcm-INVALID_ARGUMENT");
        assertThat((String) header(dead, "x-push-error-detail")).contains("headerz");
        JsonNode body = json.readTree(dead.getBody());
        assertThat(body.get("apns").has("headerz")).isTrue();
        assertThat(body.get("registration_tokens").get(0).asText()).isEqualTo(token);
        assertThat(emulator().stats().deliveries(token)).isZero();
    }

    private JsonNode lastMessage(String token) {
        Await.until("the emulator received " + token, WAIT, () -> emulator().lastMessageFor(token).isPresent());
        return emulator().lastMessageFor(token).orElseThrow();
    }

    private static String request(String messageId, String token, String blocks) {
        return """
                {"push_code":"BLOCKS","title":"t","body":"b","icon":"ic_launcher","priority":"high","ttl_seconds":3600,
                 "registration_tokens":["%s"],"message_id":"%s",%s}
                """.formatted(token, messageId, blocks);
    }
}
