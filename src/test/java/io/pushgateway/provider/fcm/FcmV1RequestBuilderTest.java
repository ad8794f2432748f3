package io.pushgateway.provider.fcm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushgateway.intake.DeviceToken;
import io.pushgateway.intake.Priority;
import io.pushgateway.intake.PushRequest;
import io.pushgateway.intake.PushRequestReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FcmV1RequestBuilderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FcmV1RequestBuilder builder = new FcmV1RequestBuilder();

    @Test
    void mapsEveryRequestFieldToItsV1Field() throws Exception {
        PushRequest request = read("""
                {"push_code":"COMMENT_REPLY","title":"notification title","body":"notification body",
                 "icon":"ic_launcher","image":"https://example.invalid/a.png",
                 "data":{"post_id":42,"kind":"reply","fresh":true},
                 "registration_tokens":{"user-17":"tok-a","user-18":"tok-b"},
                 "priority":"high","ttl_seconds":3600,"collapse_key":"comments","message_id":"c0ffee-1"}""");

        JsonNode sent = send(builder.prepare(request), "tok-a");

        assertThat(sent).isEqualTo(JSON.readTree("""
                {"message":{"token":"tok-a",
                  "notification":{"title":"notification title","body":"notification body",
                                  "image":"https://example.invalid/a.png"},
                  "data":{"post_id":"42","kind":"reply","fresh":"true"},
                  "android":{"priority":"HIGH","ttl":"3600s","collapse_key":"comments",
                             "notification":{"icon":"ic_launcher"}}}}"""));
    }

    @Test
    void leavesOutEveryFieldTheRequestDoesNotHave() {
        PushRequest request = read("{\"data\":{\"sync\":\"1\"},\"registration_tokens\":[\"tok-a\"]}");

        JsonNode message = send(builder.prepare(request), "tok-a").get("message");

        assertThat(fieldNames(message)).containsExactly("token", "data");
    }

    @Test
    void putsTheIconOnlyUnderAndroidNotification() {
        PushRequest request = read("{\"body\":\"b\",\"icon\":\"ic\",\"registration_tokens\":[\"tok-a\"]}");

        JsonNode message = send(builder.prepare(request), "tok-a").get("message");

        assertThat(fieldNames(message.get("notification"))).containsExactly("body");
        assertThat(fieldNames(message.get("android"))).containsExactly("notification");
        assertThat(message.at("/android/notification/icon").textValue()).isEqualTo("ic");
    }

    @Test
    void writesOnlyTheAndroidFieldsThatArePresent() {
        PushRequest request = read("{\"title\":\"t\",\"collapse_key\":\"c\",\"registration_tokens\":[\"tok-a\"]}");

        JsonNode message = send(builder.prepare(request), "tok-a").get("message");

        assertThat(fieldNames(message.get("android"))).containsExactly("collapse_key");
        assertThat(fieldNames(message.get("notification"))).containsExactly("title");
    }

    @Test
    void writesNormalPriorityAndZeroTtlAsDuration() {
        PushRequest request = read("{\"title\":\"t\",\"priority\":\"normal\",\"ttl_seconds\":0,\"registration_tokens\":[\"tok-a\"]}");

        JsonNode android = send(builder.prepare(request), "tok-a").at("/message/android");

        assertThat(android.get("priority").textValue()).isEqualTo("NORMAL");
        assertThat(android.get("ttl").textValue()).isEqualTo("0s");
    }

    @Test
    void writesAMessageWithNothingButTheTokenAsValidJson() {
        PushRequest bare = new PushRequest("m", null, null, null, null, null, Map.of(), null, null, null,
                List.of(new DeviceToken(null, "tok-a")), false, JSON.createObjectNode());

        byte[] body = builder.prepare(bare).forToken("tok-a");

        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("{\"message\":{\"token\":\"tok-a\"}}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"to\"ken", "to\\ken", "tok\"\\\"en", "line\nbreak\ttab\u0001", "ünïcødé-👋", "</script>"})
    void escapesTheTokenSoItReadsBackUnchanged(String token) {
        PushRequest request = read("{\"title\":\"t\",\"data\":{\"k\":\"v\"},\"registration_tokens\":[\"tok-a\"]}");

        JsonNode sent = send(builder.prepare(request), token);

        assertThat(sent.at("/message/token").textValue()).isEqualTo(token);
        assertThat(sent.at("/message/data/k").textValue()).isEqualTo("v");
    }

    @Test
    void servesEveryTokenOfABroadcastFromOnePreparation() {
        PushRequest request = read("{\"title\":\"t\",\"priority\":\"high\",\"registration_tokens\":[\"tok-a\"]}");
        FcmV1RequestBuilder.Prepared prepared = builder.prepare(request);

        byte[] first = prepared.forToken("tok-1");
        byte[] second = prepared.forToken("a-much-longer-token-2");

        assertThat(parse(first).at("/message/token").textValue()).isEqualTo("tok-1");
        assertThat(parse(second).at("/message/token").textValue()).isEqualTo("a-much-longer-token-2");
        assertThat(parse(second).at("/message/android/priority").textValue()).isEqualTo(Priority.HIGH.name());
    }

    @Test
    void refusesATokenHoldingAnUnpairedSurrogate() {
        PushRequest request = read("{\"title\":\"t\",\"registration_tokens\":[\"tok-a\"]}");
        FcmV1RequestBuilder.Prepared prepared = builder.prepare(request);

        assertThatThrownBy(() -> prepared.forToken("tok-\ud800")).isInstanceOf(IllegalArgumentException.class);
    }

    private static JsonNode send(FcmV1RequestBuilder.Prepared prepared, String token) {
        return parse(prepared.forToken(token));
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("builder wrote invalid JSON: " + new String(body, StandardCharsets.UTF_8), e);
        }
    }

    private static PushRequest read(String json) {
        return PushRequestReader.withDefaults().read(json.getBytes(StandardCharsets.UTF_8), null);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
