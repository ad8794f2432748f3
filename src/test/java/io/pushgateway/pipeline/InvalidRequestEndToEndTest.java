package io.pushgateway.pipeline;

import static io.pushgateway.testsupport.BrokerProbe.header;
import static io.pushgateway.testsupport.BrokerProbe.withMessageId;
import static org.assertj.core.api.Assertions.assertThat;

import io.pushgateway.testsupport.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.amqp.core.Message;

/**
 * Every class of unreadable or invalid request goes whole to the dead-letter queue with its
 * reason and original bytes, and the consumer carries on with the next request.
 */
class InvalidRequestEndToEndTest extends V1GatewayTest {

    private static final Duration WAIT = Duration.ofSeconds(20);


    static Stream<Arguments> invalidRequests() {
        String big = "x".repeat(4100);
        return Stream.of(
                Arguments.of("not UTF-8", new byte[] {'{', '"', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
                        "invalid-json", null),
                Arguments.of("not JSON", utf8("hello there"), "invalid-json", null),
                Arguments.of("JSON array", utf8("[1,2]"), "invalid-json", null),
                Arguments.of("no tokens", utf8("{\"title\":\"t\"}"), "no-tokens", null),
                Arguments.of("empty tokens", utf8("{\"title\":\"t\",\"registration_tokens\":[]}"), "no-tokens", null),
                Arguments.of("non-string token", utf8("{\"title\":\"t\",\"registration_tokens\":[\"a\",7]}"),
                        "invalid-request", "registration_tokens"),
                Arguments.of("nested data", utf8("{\"data\":{\"a\":{\"b\":1}},\"registration_tokens\":[\"a\"]}"),
                        "invalid-request", "data"),
                Arguments.of("nothing to show", utf8("{\"icon\":\"i\",\"registration_tokens\":[\"a\"]}"),
                        "invalid-request", null),
                Arguments.of("bad priority", utf8("{\"title\":\"t\",\"priority\":\"urgent\",\"registration_tokens\":[\"a\"]}"),
                        "invalid-request", "priority"),
                Arguments.of("bad ttl", utf8("{\"title\":\"t\",\"ttl_seconds\":9999999,\"registration_tokens\":[\"a\"]}"),
                        "invalid-request", "ttl_seconds"),
                Arguments.of("payload too large", utf8("{\"body\":\"" + big + "\",\"registration_tokens\":[\"a\"]}"),
                        "payload-too-large", null),
                // Bounded memory: these are refused by size, count or depth, not by running out of heap.
                Arguments.of("body over push.intake.max-body-bytes", hugeBody(), "payload-too-large", null),
                Arguments.of("more tokens than push.intake.max-tokens", tooManyTokens(), "invalid-request",
                        "registration_tokens"),
                Arguments.of("nested 100000 levels deep", deeplyNested(), "invalid-request", null),
                // The second version's fields: targets, project, platform blocks, dry runs.
                Arguments.of("installation_ids not a list or object",
                        utf8("{\"title\":\"t\",\"installation_ids\":\"abc\"}"), "invalid-request", "installation_ids"),
                Arguments.of("topic not a string", utf8("{\"title\":\"t\",\"topic\":7}"), "invalid-request", "topic"),
                Arguments.of("condition empty", utf8("{\"title\":\"t\",\"condition\":\"\"}"), "invalid-request", "condition"),
                Arguments.of("topic and tokens both given",
                        utf8("{\"title\":\"t\",\"topic\":\"news\",\"registration_tokens\":[\"a\"]}"),
                        "invalid-request", "registration_tokens"),
                Arguments.of("topic name FCM would refuse", utf8("{\"title\":\"t\",\"topic\":\"/topics/news\"}"),
                        "invalid-request", "topic"),
                Arguments.of("validate_only not a boolean",
                        utf8("{\"title\":\"t\",\"validate_only\":\"yes\",\"registration_tokens\":[\"a\"]}"),
                        "invalid-request", "validate_only"),
                Arguments.of("project not a string", utf8("{\"title\":\"t\",\"project\":7,\"registration_tokens\":[\"a\"]}"),
                        "invalid-request", "project"),
                // What a Firebase project id looks like: names no configured project, whatever its characters.
                Arguments.of("project written as a Firebase project id",
                        utf8("{\"title\":\"t\",\"project\":\"my-app-prod\",\"registration_tokens\":[\"a\"]}"),
                        "unknown-project", "not the Firebase project id"),
                Arguments.of("project the gateway is not configured with",
                        utf8("{\"title\":\"t\",\"project\":\"nosuchproject\",\"registration_tokens\":[\"a\"]}"),
                        "unknown-project", "nosuchproject"),
                // Its token's delete event would carry it as the AMQP message_id, which holds 255 bytes.
                Arguments.of("message_id longer than an AMQP message_id holds",
                        utf8("{\"title\":\"t\",\"message_id\":\"" + "m".repeat(256)
                                + "\",\"registration_tokens\":[\"error-UNREGISTERED-long-id\"]}"),
                        "invalid-request", "message_id"),
                Arguments.of("platform block not an object",
                        utf8("{\"title\":\"t\",\"apns\":\"badge=3\",\"registration_tokens\":[\"a\"]}"),
                        "invalid-request", "apns"),
                Arguments.of("fcm_options a list", utf8("{\"title\":\"t\",\"fcm_options\":[1],\"registration_tokens\":[\"a\"]}"),
                        "invalid-request", "fcm_options"));
    }

    private static byte[] hugeBody() {
        byte[] body = new byte[33 * 1024 * 1024 + 1];
        java.util.Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        body[body.length - 1] = '}';
        return body;
    }

    private static byte[] tooManyTokens() {
        StringBuilder json = new StringBuilder("{\"title\":\"t\",\"registration_tokens\":[");
        for (int i = 0; i <= 100_000; i++) {
            json.append(i == 0 ? "" : ",").append("\"t").append(i).append('"');
        }
        return utf8(json.append("]}").toString());
    }

    private static byte[] deeplyNested() {
        return utf8("{\"title\":\"t\",\"registration_tokens\":[\"a\"],\"x\":" + "[".repeat(100_000)
                + "]".repeat(100_000) + "}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRequests")
    void deadLettersTheWholeRequestWithItsReasonAndKeepsConsuming(String name, byte[] body, String error,
                                                                  String detailMentions) {
        String amqpId = unique("invalid-");
        broker.publishRaw(body, amqpId);

        Message dead = broker.await("push.dead", withMessageId(amqpId), 1, WAIT).get(0);
        assertThat(header(dead, "x-push-error")).isEqualTo(error);
        assertThat(dead.getBody()).isEqualTo(body);
        assertThat(header(dead, "x-push-attempt")).isEqualTo(0);
        assertThat((String) header(dead, "x-push-error-detail")).isNotBlank();
        if (detailMentions != null) {
            assertThat((String) header(dead, "x-push-error-detail")).contains(detailMentions);
        }

        String token = unique("after-invalid-");
        broker.publishRequest(V1PipelineEndToEndTest.request(unique("valid-"), "[\"" + token + "\"]"));
        Await.until("the next request delivered", WAIT, () -> emulator().stats().deliveries(token) == 1);
    }

    @org.junit.jupiter.api.Test
    void sendsADuplicatedTokenOnlyOnce() {
        String token = unique("dup-");
        broker.publishRequest(V1PipelineEndToEndTest.request(unique("dup-req-"),
                "[\"" + token + "\",\"" + token + "\"]"));
        Await.until("delivery", WAIT, () -> emulator().stats().deliveries(token) >= 1);
        assertThat(broker.collect("push.dead", m -> new String(m.getBody(), StandardCharsets.UTF_8).contains(token), Duration.ofMillis(300))).isEmpty();
        assertThat(emulator().stats().attempts(token)).isEqualTo(1);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
