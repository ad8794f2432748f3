package io.pushgateway.intake;

import static io.pushgateway.core.InvalidPushRequestException.INVALID_REQUEST;
import static io.pushgateway.core.InvalidPushRequestException.NO_TOKENS;
import static io.pushgateway.intake.ReaderTesting.JSON;
import static io.pushgateway.intake.ReaderTesting.bytes;
import static io.pushgateway.intake.ReaderTesting.read;
import static io.pushgateway.intake.ReaderTesting.rejectionOf;
import static io.pushgateway.intake.ReaderTesting.validRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pushgateway.core.DeviceToken;
import io.pushgateway.core.InvalidPushRequestException;
import io.pushgateway.core.PushRequest;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code registration_tokens}: list and map forms, duplicates, limits and bad entries. */
class PushRequestReaderTokensTest {

    @Test
    void readsTokenArrayInOrderWithoutUsers() {
        PushRequest request = read(withTokens(JSON.createArrayNode().add("tok-a").add("tok-b").add("tok-c")));

        assertThat(request.tokensAsMap()).isFalse();
        assertThat(request.tokens()).containsExactly(
                new DeviceToken(null, "tok-a"), new DeviceToken(null, "tok-b"), new DeviceToken(null, "tok-c"));
    }

    @Test
    void readsTokenObjectAsUsersWithTheirTokensInOrder() {
        ObjectNode tokens = JSON.createObjectNode().put("user-18", "tok-b").put("user-17", "tok-a");

        PushRequest request = read(withTokens(tokens));

        assertThat(request.tokensAsMap()).isTrue();
        assertThat(request.tokens()).containsExactly(
                new DeviceToken("user-18", "tok-b"), new DeviceToken("user-17", "tok-a"));
    }

    @Test
    void sendsADuplicateTokenOnceAtItsFirstPosition() {
        ArrayNode tokens = JSON.createArrayNode().add("tok-a").add("tok-b").add("tok-a").add("tok-c").add("tok-b");

        PushRequest request = read(withTokens(tokens));

        assertThat(request.tokens()).extracting(DeviceToken::token).containsExactly("tok-a", "tok-b", "tok-c");
    }

    @Test
    void keepsTheFirstUserOfATokenListedUnderTwoUsers() {
        ObjectNode tokens = JSON.createObjectNode()
                .put("user-17", "tok-a").put("user-18", "tok-b").put("user-19", "tok-a");

        PushRequest request = read(withTokens(tokens));

        assertThat(request.tokens()).containsExactly(
                new DeviceToken("user-17", "tok-a"), new DeviceToken("user-18", "tok-b"));
    }

    @Test
    void rejectsRequestWithoutRegistrationTokensAsNoTokens() {
        ObjectNode request = validRequest();
        request.remove("registration_tokens");

        InvalidPushRequestException rejection = rejectionOf(request);

        assertThat(rejection.errorCode()).isEqualTo(NO_TOKENS);
        assertThat(rejection.getMessage()).contains("registration_tokens");
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "[]", "{}"})
    void rejectsNullOrEmptyRegistrationTokensAsNoTokens(String tokens) {
        InvalidPushRequestException rejection = rejectionOf("{\"title\":\"x\",\"registration_tokens\":" + tokens + "}");

        assertThat(rejection.errorCode()).isEqualTo(NO_TOKENS);
        assertThat(rejection.getMessage()).contains("registration_tokens");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"tok-a\"", "42", "true"})
    void rejectsRegistrationTokensThatIsNeitherArrayNorObjectAsInvalidRequest(String tokens) {
        InvalidPushRequestException rejection = rejectionOf("{\"title\":\"x\",\"registration_tokens\":" + tokens + "}");

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(rejection.getMessage()).contains("registration_tokens");
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "true", "null", "{}", "[\"tok-z\"]", "\"\"", "\"   \""})
    void rejectsArrayElementThatIsNotATokenNamingItsPosition(String badElement) {
        InvalidPushRequestException rejection = rejectionOf(
                "{\"title\":\"x\",\"registration_tokens\":[\"tok-a\",\"tok-b\"," + badElement + "]}");

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(rejection.getMessage()).contains("registration_tokens[2]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "false", "null", "{}", "[]", "\"\"", "\"\\t\""})
    void rejectsMapValueThatIsNotATokenNamingItsKey(String badValue) {
        InvalidPushRequestException rejection = rejectionOf(
                "{\"title\":\"x\",\"registration_tokens\":{\"user-16\":\"tok-a\",\"user-17\":" + badValue + "}}");

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(rejection.getMessage()).contains("registration_tokens[\"user-17\"]");
    }

    @Test
    void detailAboutABadEntryNeverQuotesTheTokens() {
        InvalidPushRequestException rejection = rejectionOf(
                "{\"title\":\"x\",\"registration_tokens\":{\"user-16\":\"tok-secret-a\",\"user-17\":5}}");

        assertThat(rejection.getMessage()).doesNotContain("tok-secret-a");
    }

    @Test
    void rejectsTokenHoldingAnUnpairedSurrogateNamingItsPosition() {
        InvalidPushRequestException rejection = rejectionOf(
                "{\"title\":\"x\",\"registration_tokens\":[\"tok-a\",\"tok-\\ud800\"]}");

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(rejection.getMessage()).contains("registration_tokens[1]");
    }

    @Test
    void rejectsMoreTokensThanTheLimitAsInvalidRequest() {
        PushRequestReader reader = ReaderTesting.reader(new IntakeLimits(4096, 3, 1 << 20));

        InvalidPushRequestException rejection = ReaderTesting.rejectionOf(reader, bytes(withTokens(tokens(4))));

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(rejection.getMessage()).contains("registration_tokens").contains("4").contains("3");
    }

    @Test
    void acceptsExactlyTheTokenLimit() {
        PushRequestReader reader = ReaderTesting.reader(new IntakeLimits(4096, 3, 1 << 20));

        assertThat(reader.read(bytes(withTokens(tokens(3))), null).tokens()).hasSize(3);
    }

    @Test
    void countsTokensAgainstTheLimitAsListedDuplicatesIncluded() {
        PushRequestReader reader = ReaderTesting.reader(new IntakeLimits(4096, 3, 1 << 20));
        ArrayNode fourEntriesTwoTokens = JSON.createArrayNode().add("tok-a").add("tok-b").add("tok-a").add("tok-b");

        InvalidPushRequestException rejection = ReaderTesting.rejectionOf(reader, bytes(withTokens(fourEntriesTwoTokens)));

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
    }

    @Test
    @Timeout(10)
    void readsAHundredThousandRealisticTokensInBothForms() {
        ArrayNode list = JSON.createArrayNode();
        ObjectNode map = JSON.createObjectNode();
        IntStream.range(0, IntakeLimits.DEFAULT_MAX_TOKENS).forEach(i -> {
            list.add(realisticToken(i));
            map.put("user-" + i, realisticToken(i));
        });

        PushRequest fromList = read(withTokens(list));
        PushRequest fromMap = read(withTokens(map));

        assertThat(fromList.tokens()).hasSize(100_000);
        assertThat(fromList.tokens().get(99_999).token()).isEqualTo(realisticToken(99_999));
        assertThat(fromMap.tokens()).hasSize(100_000);
        assertThat(fromMap.tokens().get(12_345)).isEqualTo(new DeviceToken("user-12345", realisticToken(12_345)));
    }

    private static ObjectNode withTokens(JsonNode tokens) {
        ObjectNode request = validRequest();
        request.set("registration_tokens", tokens);
        return request;
    }

    private static ArrayNode tokens(int count) {
        ArrayNode tokens = JSON.createArrayNode();
        IntStream.range(0, count).forEach(i -> tokens.add("tok-" + i));
        return tokens;
    }

    /** FCM tokens are about 160 characters: an instance id, a colon and a long base64url tail. */
    private static String realisticToken(int i) {
        return String.format("d%010d:APA91b", i) + "x".repeat(142);
    }
}
