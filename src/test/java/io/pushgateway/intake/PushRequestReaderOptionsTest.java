package io.pushgateway.intake;

import static io.pushgateway.core.InvalidPushRequestException.INVALID_REQUEST;
import static io.pushgateway.core.InvalidPushRequestException.PAYLOAD_TOO_LARGE;
import static io.pushgateway.intake.ReaderTesting.JSON;
import static io.pushgateway.intake.ReaderTesting.read;
import static io.pushgateway.intake.ReaderTesting.readOnLegacy;
import static io.pushgateway.intake.ReaderTesting.rejectionOf;
import static io.pushgateway.intake.ReaderTesting.rejectionOnLegacy;
import static org.assertj.core.api.Assertions.assertThat;

import io.pushgateway.core.InvalidPushRequestException;
import io.pushgateway.core.PlatformBlocks;
import io.pushgateway.core.PushRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code project}, {@code validate_only} and the platform blocks, on v1 and on the legacy protocol. */
class PushRequestReaderOptionsTest {

    private static final String TOKENS = "\"registration_tokens\":[\"tok-a\"]";

    @Test
    void keepsTheProjectNamed() {
        assertThat(read("{\"title\":\"t\",\"project\":\"shop2\"," + TOKENS + "}").project()).isEqualTo("shop2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"title\":\"t\"," + TOKENS + "}", "{\"title\":\"t\",\"project\":null," + TOKENS + "}"})
    void leavesTheProjectNullForTheDefaultProject(String json) {
        assertThat(read(json).project()).isNull();
    }

    /** Whether a name is configured is the send path's question: the reader judges no project string. */
    @ParameterizedTest
    @ValueSource(strings = {"", "Shop", "my-app-prod", "shop_eu", "shop eu", "shöp", "default"})
    void keepsAProjectStringOfAnyCharactersForTheSendPathToJudge(String project) {
        assertThat(read("{\"title\":\"t\",\"project\":\"" + project + "\"," + TOKENS + "}").project()).isEqualTo(project);
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "true", "[\"shop\"]", "{\"name\":\"shop\"}"})
    void rejectsAProjectThatIsNotAString(String project) {
        InvalidPushRequestException rejection = rejectionOf("{\"title\":\"t\",\"project\":" + project + "," + TOKENS + "}");

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(rejection.getMessage()).startsWith("project must be a string");
    }

    @Test
    void rejectsAProjectOnTheLegacyProtocol() {
        InvalidPushRequestException rejection = rejectionOnLegacy("{\"title\":\"t\",\"project\":\"shop\"," + TOKENS + "}");

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(rejection.getMessage()).contains("project").contains("legacy");
    }

    @Test
    void acceptsANullProjectOnTheLegacyProtocol() {
        assertThat(readOnLegacy("{\"title\":\"t\",\"project\":null," + TOKENS + "}").project()).isNull();
    }

    @Test
    void namesTheConfiguredProjectsWhenOneIsUnknown() {
        InvalidPushRequestException unknown = InvalidPushRequestException.unknownProject("shop", java.util.List.of("news", "games"));

        assertThat(unknown.errorCode()).isEqualTo("unknown-project");
        assertThat(unknown.getMessage()).contains("\"shop\"").contains("configured: games, news");
        assertThat(InvalidPushRequestException.unknownProject("shop", java.util.List.of()).getMessage())
                .contains("only the default project");
    }

    @Test
    void saysThatProjectTakesTheGatewaysNameNotTheFirebaseProjectId() {
        InvalidPushRequestException unknown = InvalidPushRequestException.unknownProject("my-app-prod", java.util.List.of("shop"));

        assertThat(unknown.getMessage()).contains("\"my-app-prod\"", "configured: shop",
                "the gateway's name for a project", "not the Firebase project id");
    }

    @Test
    void quotesAnAbsurdlyLongProjectShortenedSoTheDetailStaysBounded() {
        String longName = "p".repeat(100_000);

        String detail = InvalidPushRequestException.unknownProject(longName, java.util.List.of("shop")).getMessage();

        assertThat(detail).doesNotContain("p".repeat(65)).hasSizeLessThan(400);
    }

    @Test
    void readsValidateOnlyAsADryRun() {
        assertThat(read("{\"title\":\"t\",\"validate_only\":true," + TOKENS + "}").validateOnly()).isTrue();
        assertThat(read("{\"title\":\"t\",\"validate_only\":false," + TOKENS + "}").validateOnly()).isFalse();
        assertThat(read("{\"title\":\"t\",\"validate_only\":null," + TOKENS + "}").validateOnly()).isFalse();
        assertThat(read("{\"title\":\"t\"," + TOKENS + "}").validateOnly()).isFalse();
        assertThat(readOnLegacy("{\"title\":\"t\",\"validate_only\":true," + TOKENS + "}").validateOnly()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"true\"", "1", "0", "[]", "{}"})
    void rejectsValidateOnlyThatIsNotABoolean(String value) {
        InvalidPushRequestException rejection = rejectionOf("{\"title\":\"t\",\"validate_only\":" + value + "," + TOKENS + "}");

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(rejection.getMessage()).startsWith("validate_only must be true or false");
    }

    @Test
    void keepsEveryPlatformBlockAsGiven() throws Exception {
        PushRequest request = read("""
                {"title":"t","registration_tokens":["tok-a"],
                 "android":{"notification":{"color":"#ff0000"}},"apns":{"payload":{"aps":{"badge":3}}},
                 "webpush":{"fcm_options":{"link":"https://example.invalid"}},"fcm_options":{"analytics_label":"l1"}}""");

        assertThat(request.platform().android()).isEqualTo(JSON.readTree("{\"notification\":{\"color\":\"#ff0000\"}}"));
        assertThat(request.platform().apns()).isEqualTo(JSON.readTree("{\"payload\":{\"aps\":{\"badge\":3}}}"));
        assertThat(request.platform().webpush()).isEqualTo(JSON.readTree("{\"fcm_options\":{\"link\":\"https://example.invalid\"}}"));
        assertThat(request.platform().fcmOptions()).isEqualTo(JSON.readTree("{\"analytics_label\":\"l1\"}"));
    }

    @Test
    void leavesAbsentOrNullBlocksOut() {
        PushRequest request = read("{\"title\":\"t\",\"android\":null," + TOKENS + "}");

        assertThat(request.platform()).isEqualTo(PlatformBlocks.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"android", "apns", "webpush", "fcm_options"})
    void rejectsABlockThatIsNotAnObjectNamingIt(String block) {
        for (String value : new String[] {"\"x\"", "42", "true", "[{}]"}) {
            InvalidPushRequestException rejection = rejectionOf("{\"title\":\"t\",\"" + block + "\":" + value + "," + TOKENS + "}");

            assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
            assertThat(rejection.getMessage()).startsWith(block + " must be an object");
        }
    }

    @Test
    void rejectsABlockHoldingAnUnpairedSurrogateNamingWhere() {
        InvalidPushRequestException rejection = rejectionOf(
                "{\"title\":\"t\",\"apns\":{\"payload\":{\"aps\":{\"alert\":[\"ok\",\"bad\\udc00\"]}}}," + TOKENS + "}");

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(rejection.getMessage()).startsWith("apns.payload.aps.alert[1]").contains("surrogate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"android", "apns", "webpush"})
    void rejectsAPlatformBlockOnTheLegacyProtocolNamingIt(String block) {
        InvalidPushRequestException rejection = rejectionOnLegacy("{\"title\":\"t\",\"" + block + "\":{}," + TOKENS + "}");

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(rejection.getMessage()).startsWith(block).contains("legacy");
    }

    @Test
    void rejectsANonObjectFcmOptionsOnTheLegacyProtocolToo() {
        InvalidPushRequestException rejection = rejectionOnLegacy("{\"title\":\"t\",\"fcm_options\":\"l1\"," + TOKENS + "}");

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(rejection.getMessage()).startsWith("fcm_options must be an object");
    }

    @Test
    void dropsTheAnalyticsLabelSilentlyOnTheLegacyProtocol() {
        PushRequest request = readOnLegacy("{\"title\":\"t\",\"fcm_options\":{\"analytics_label\":\"l1\"}," + TOKENS + "}");

        assertThat(request.platform()).isEqualTo(PlatformBlocks.NONE);
        assertThat(request.original().has("fcm_options")).as("kept for retries and dead letters").isTrue();
    }

    @Test
    void rejectsAnyOtherFcmOptionOnTheLegacyProtocolNamingIt() {
        InvalidPushRequestException rejection = rejectionOnLegacy(
                "{\"title\":\"t\",\"fcm_options\":{\"analytics_label\":\"l1\",\"image\":\"https://x\"}," + TOKENS + "}");

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(rejection.getMessage()).startsWith("fcm_options.image").contains("analytics_label");
    }

    @Test
    void countsPlatformBlocksTowardsThePayloadLimit() {
        String apns = "{\"payload\":{\"aps\":{\"alert\":\"" + "a".repeat(4000) + "\"}}}";
        String json = "{\"title\":\"" + "t".repeat(80) + "\",\"apns\":" + apns + "," + TOKENS + "}";

        InvalidPushRequestException rejection = rejectionOf(json);

        assertThat(rejection.errorCode()).isEqualTo(PAYLOAD_TOO_LARGE);
        assertThat(rejection.getMessage()).contains("platform blocks").contains(String.valueOf(80 + apns.length()));
    }

    @Test
    void doesNotCountTheDroppedAnalyticsLabelOnTheLegacyProtocol() {
        String label = "l".repeat(4000);
        String json = "{\"title\":\"" + "t".repeat(200) + "\",\"fcm_options\":{\"analytics_label\":\"" + label + "\"}," + TOKENS + "}";

        assertThat(readOnLegacy(json).title()).hasSize(200);
        assertThat(rejectionOf(json).errorCode()).isEqualTo(PAYLOAD_TOO_LARGE);
    }
}
