package io.pushgateway.provider.fcm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushgateway.core.DeviceToken;
import io.pushgateway.core.Priority;
import io.pushgateway.core.PushRequest;
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

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "\"installation_ids\":[\"fid-a\"]      | fid       | fid-a",
            "\"topic\":\"news\"                    | topic     | news",
            "\"condition\":\"'a' in topics\"       | condition | 'a' in topics"})
    void writesTheTargetUnderItsV1FieldFirst(String target, String field, String value) {
        PushRequest request = read("{\"title\":\"t\"," + target + "}");

        byte[] body = builder.prepare(request).forToken(request.tokens().get(0).token());

        assertThat(new String(body, StandardCharsets.UTF_8)).startsWith("{\"message\":{\"" + field + "\":\"");
        JsonNode message = parse(body).get("message");
        assertThat(message.get(field).textValue()).isEqualTo(value);
        assertThat(fieldNames(message)).containsExactly(field, "notification");
    }

    @Test
    void servesEveryInstallationIdFromOnePreparation() {
        PushRequest request = read("{\"title\":\"t\",\"installation_ids\":[\"fid-1\",\"fid-2\"]}");
        FcmV1RequestBuilder.Prepared prepared = builder.prepare(request);

        assertThat(parse(prepared.forToken("fid-1")).at("/message/fid").textValue()).isEqualTo("fid-1");
        assertThat(parse(prepared.forToken("fid-2")).at("/message/fid").textValue()).isEqualTo("fid-2");
        assertThat(parse(prepared.forToken("fid-2")).at("/message").has("token")).isFalse();
    }

    @Test
    void asksForADryRunAtTheTopLevelOfTheBody() {
        PushRequest request = read("{\"title\":\"t\",\"validate_only\":true,\"registration_tokens\":[\"tok-a\"]}");

        JsonNode sent = send(builder.prepare(request), "tok-a");

        assertThat(fieldNames(sent)).containsExactly("message", "validate_only");
        assertThat(sent.get("validate_only").booleanValue()).isTrue();
        assertThat(sent.at("/message/token").textValue()).isEqualTo("tok-a");
    }

    @Test
    void leavesValidateOnlyOutWhenNotADryRun() {
        PushRequest request = read("{\"title\":\"t\",\"validate_only\":false,\"registration_tokens\":[\"tok-a\"]}");

        assertThat(fieldNames(send(builder.prepare(request), "tok-a"))).containsExactly("message");
    }

    @Test
    void passesApnsWebpushAndFcmOptionsThroughAsGiven() throws Exception {
        PushRequest request = read("""
                {"title":"t","registration_tokens":["tok-a"],
                 "apns":{"headers":{"apns-priority":"5"},"payload":{"aps":{"badge":3,"sound":"ping.aiff"},"k":[1,2.50]}},
                 "webpush":{"notification":{"requireInteraction":true},"fcm_options":{"link":"https://example.invalid/x"}},
                 "fcm_options":{"analytics_label":"campaign-7"}}""");

        JsonNode message = send(builder.prepare(request), "tok-a").get("message");

        assertThat(fieldNames(message)).containsExactly("token", "notification", "apns", "webpush", "fcm_options");
        assertThat(message.get("apns")).isEqualTo(JSON.readTree(
                "{\"headers\":{\"apns-priority\":\"5\"},\"payload\":{\"aps\":{\"badge\":3,\"sound\":\"ping.aiff\"},\"k\":[1,2.50]}}"));
        assertThat(message.get("webpush")).isEqualTo(request.platform().webpush());
        assertThat(message.get("fcm_options")).isEqualTo(request.platform().fcmOptions());
    }

    @Test
    void letsAnExplicitAndroidNotificationIconWinOverIcon() {
        PushRequest request = read("""
                {"title":"t","icon":"ic_default","registration_tokens":["tok-a"],
                 "android":{"notification":{"icon":"ic_special","color":"#00ff00"}}}""");

        JsonNode notification = send(builder.prepare(request), "tok-a").at("/message/android/notification");

        assertThat(notification.get("icon").textValue()).isEqualTo("ic_special");
        assertThat(notification.get("color").textValue()).isEqualTo("#00ff00");
    }

    @Test
    void mergesTheAndroidBlockDeeplyKeepingTheMappedFieldsItDoesNotName() {
        PushRequest request = read("""
                {"title":"t","icon":"ic_launcher","priority":"high","ttl_seconds":60,"collapse_key":"c",
                 "registration_tokens":["tok-a"],
                 "android":{"notification":{"channel_id":"news"},"direct_boot_ok":true}}""");

        JsonNode android = send(builder.prepare(request), "tok-a").at("/message/android");

        assertThat(android.get("priority").textValue()).isEqualTo("HIGH");
        assertThat(android.get("ttl").textValue()).isEqualTo("60s");
        assertThat(android.get("collapse_key").textValue()).isEqualTo("c");
        assertThat(android.at("/notification/icon").textValue()).isEqualTo("ic_launcher");
        assertThat(android.at("/notification/channel_id").textValue()).isEqualTo("news");
        assertThat(android.get("direct_boot_ok").booleanValue()).isTrue();
    }

    @Test
    void letsExplicitAndroidPriorityTtlAndCollapseKeyWinOverTheRequestFields() {
        PushRequest request = read("""
                {"title":"t","priority":"high","ttl_seconds":60,"collapse_key":"c","registration_tokens":["tok-a"],
                 "android":{"priority":"normal","ttl":"5s","collapse_key":"mine"}}""");

        JsonNode android = send(builder.prepare(request), "tok-a").at("/message/android");

        assertThat(android.get("priority").textValue()).isEqualTo("normal");
        assertThat(android.get("ttl").textValue()).isEqualTo("5s");
        assertThat(android.get("collapse_key").textValue()).isEqualTo("mine");
    }

    @Test
    void letsAnExplicitScalarReplaceAMappedObject() {
        PushRequest request = read("{\"title\":\"t\",\"icon\":\"ic\",\"registration_tokens\":[\"tok-a\"],\"android\":{\"notification\":null}}");

        JsonNode android = send(builder.prepare(request), "tok-a").at("/message/android");

        assertThat(android.get("notification").isNull()).isTrue();
    }

    @Test
    void passesAnEmptyAndroidBlockOnAsGiven() {
        PushRequest request = read("{\"title\":\"t\",\"registration_tokens\":[\"tok-a\"],\"android\":{}}");

        JsonNode message = send(builder.prepare(request), "tok-a").get("message");

        assertThat(message.get("android").isEmpty()).isTrue();
    }

    @Test
    void neverChangesTheRequestWhileMerging() throws Exception {
        PushRequest request = read("""
                {"title":"t","icon":"ic","priority":"high","registration_tokens":["tok-a"],
                 "android":{"notification":{"color":"#000000"}}}""");
        JsonNode before = request.original().deepCopy();

        builder.prepare(request);

        assertThat(request.original()).isEqualTo(before);
        assertThat(request.platform().android()).isEqualTo(JSON.readTree("{\"notification\":{\"color\":\"#000000\"}}"));
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
