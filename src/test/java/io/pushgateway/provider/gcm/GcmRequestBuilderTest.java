package io.pushgateway.provider.gcm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushgateway.core.DeviceToken;
import io.pushgateway.core.PushRequest;
import io.pushgateway.intake.PushRequestReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GcmRequestBuilderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final GcmRequestBuilder builder = new GcmRequestBuilder();

    @Test
    void mapsEveryRequestFieldToItsLegacyField() throws Exception {
        PushRequest request = read("""
                {"push_code":"COMMENT_REPLY","title":"notification title","body":"notification body",
                 "icon":"ic_launcher","image":"https://example.invalid/a.png",
                 "data":{"post_id":42,"kind":"reply","fresh":true},
                 "registration_tokens":{"user-17":"tok-a","user-18":"tok-b"},
                 "priority":"HIGH","ttl_seconds":3600,"collapse_key":"comments","message_id":"c0ffee-1"}""");

        JsonNode sent = send(request, request.tokens());

        assertThat(sent).isEqualTo(JSON.readTree("""
                {"registration_ids":["tok-a","tok-b"],
                 "notification":{"title":"notification title","body":"notification body",
                                 "icon":"ic_launcher","image":"https://example.invalid/a.png"},
                 "data":{"post_id":"42","kind":"reply","fresh":"true"},
                 "priority":"high","time_to_live":3600,"collapse_key":"comments"}"""));
    }

    @Test
    void leavesOutEveryFieldTheRequestDoesNotHave() {
        PushRequest request = read("{\"data\":{\"sync\":\"1\"},\"registration_tokens\":[\"tok-a\"]}");

        JsonNode sent = send(request, request.tokens());

        assertThat(fieldNames(sent)).containsExactly("registration_ids", "data");
    }

    @Test
    void writesOnlyThePresentNotificationFields() {
        PushRequest request = read("{\"body\":\"b\",\"icon\":\"ic\",\"registration_tokens\":[\"tok-a\"]}");

        JsonNode sent = send(request, request.tokens());

        assertThat(fieldNames(sent.get("notification"))).containsExactly("body", "icon");
        assertThat(sent.has("data")).isFalse();
    }

    @Test
    void writesNormalPriorityAndZeroTtlRatherThanDroppingThem() {
        PushRequest request = read("{\"title\":\"t\",\"priority\":\"normal\",\"ttl_seconds\":0,\"registration_tokens\":[\"tok-a\"]}");

        JsonNode sent = send(request, request.tokens());

        assertThat(sent.get("priority").textValue()).isEqualTo("normal");
        assertThat(sent.get("time_to_live").isInt()).isTrue();
        assertThat(sent.get("time_to_live").intValue()).isZero();
    }

    @Test
    void sendsOnlyTheTokensOfTheBatchInItsOrder() {
        PushRequest request = read("{\"title\":\"t\",\"registration_tokens\":[\"tok-a\",\"tok-b\",\"tok-c\"]}");

        JsonNode sent = send(request, List.of(request.tokens().get(2), request.tokens().get(0)));

        assertThat(texts(sent.get("registration_ids"))).containsExactly("tok-c", "tok-a");
    }

    @Test
    void escapesTokensHoldingQuotesBackslashesAndControlCharacters() {
        PushRequest request = read("{\"title\":\"t\",\"registration_tokens\":[\"tok-a\"]}");
        String awkward = "to\"k\\en\n\u0001é";

        JsonNode sent = send(request, List.of(new DeviceToken(null, awkward)));

        assertThat(texts(sent.get("registration_ids"))).containsExactly(awkward);
    }

    @Test
    void writesAllIdsOfA2500TokenBatch() {
        PushRequest request = read("{\"title\":\"t\",\"registration_tokens\":[\"tok-a\"]}");
        List<DeviceToken> batch = IntStream.range(0, 2500).mapToObj(i -> new DeviceToken(null, "tok-" + i)).toList();

        JsonNode sent = send(request, batch);

        assertThat(texts(sent.get("registration_ids")))
                .hasSize(2500)
                .containsExactlyElementsOf(batch.stream().map(DeviceToken::token).toList());
    }

    @Test
    void leavesUsersAndUnknownFieldsOfTheRequestOut() {
        PushRequest request = read("{\"title\":\"t\",\"tenant\":\"acme\",\"push_code\":\"X\",\"message_id\":\"m\","
                + "\"registration_tokens\":{\"user-17\":\"tok-a\"}}");

        JsonNode sent = send(request, request.tokens());

        assertThat(fieldNames(sent)).containsExactly("registration_ids", "notification");
        assertThat(sent.toString()).doesNotContain("user-17");
    }

    @Test
    void refusesAnEmptyBatch() {
        PushRequest request = read("{\"title\":\"t\",\"registration_tokens\":[\"tok-a\"]}");

        assertThatThrownBy(() -> builder.build(request, List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sendsATopicAsToTopics() {
        PushRequest request = read("{\"title\":\"t\",\"topic\":\"news\"}");

        JsonNode sent = send(request, request.tokens());

        assertThat(fieldNames(sent)).containsExactly("to", "notification");
        assertThat(sent.get("to").textValue()).isEqualTo("/topics/news");
    }

    @Test
    void sendsAConditionAsCondition() {
        PushRequest request = read("{\"title\":\"t\",\"condition\":\"'a' in topics && 'b' in topics\"}");

        JsonNode sent = send(request, request.tokens());

        assertThat(fieldNames(sent)).containsExactly("condition", "notification");
        assertThat(sent.get("condition").textValue()).isEqualTo("'a' in topics && 'b' in topics");
    }

    @Test
    void asksForADryRunOnlyWhenValidateOnly() {
        PushRequest dryRun = read("{\"title\":\"t\",\"validate_only\":true,\"registration_tokens\":[\"tok-a\"]}");
        PushRequest real = read("{\"title\":\"t\",\"validate_only\":false,\"registration_tokens\":[\"tok-a\"]}");

        assertThat(send(dryRun, dryRun.tokens()).get("dry_run").booleanValue()).isTrue();
        assertThat(send(real, real.tokens()).has("dry_run")).isFalse();
    }

    @Test
    void sendsNothingOfTheDroppedAnalyticsLabel() {
        PushRequest request = PushRequestReader.forLegacyProtocol(io.pushgateway.intake.IntakeLimits.defaults(), () -> "id")
                .read("{\"title\":\"t\",\"fcm_options\":{\"analytics_label\":\"l\"},\"registration_tokens\":[\"tok-a\"]}"
                        .getBytes(StandardCharsets.UTF_8), null);

        assertThat(fieldNames(send(request, request.tokens()))).containsExactly("registration_ids", "notification");
    }

    @Test
    void refusesInstallationIdsProjectsAndPlatformBlocksReadForV1() {
        PushRequest ids = read("{\"title\":\"t\",\"installation_ids\":[\"fid-a\"]}");
        PushRequest project = read("{\"title\":\"t\",\"project\":\"shop\",\"registration_tokens\":[\"tok-a\"]}");
        PushRequest block = read("{\"title\":\"t\",\"apns\":{},\"registration_tokens\":[\"tok-a\"]}");

        assertThatThrownBy(() -> builder.build(ids, ids.tokens())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.build(project, project.tokens())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.build(block, block.tokens())).isInstanceOf(IllegalArgumentException.class);
    }

    private JsonNode send(PushRequest request, List<DeviceToken> batch) {
        try {
            return JSON.readTree(builder.build(request, batch));
        } catch (Exception e) {
            throw new AssertionError("builder wrote invalid JSON", e);
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

    private static List<String> texts(JsonNode array) {
        return IntStream.range(0, array.size()).mapToObj(i -> array.get(i).textValue()).toList();
    }
}
