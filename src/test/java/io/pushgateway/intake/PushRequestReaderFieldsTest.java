package io.pushgateway.intake;

import static io.pushgateway.core.InvalidPushRequestException.INVALID_REQUEST;
import static io.pushgateway.core.InvalidPushRequestException.PAYLOAD_TOO_LARGE;
import static io.pushgateway.intake.ReaderTesting.JSON;
import static io.pushgateway.intake.ReaderTesting.read;
import static io.pushgateway.intake.ReaderTesting.rejectionOf;
import static io.pushgateway.intake.ReaderTesting.validRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pushgateway.core.DeviceToken;
import io.pushgateway.core.InvalidPushRequestException;
import io.pushgateway.core.Priority;
import io.pushgateway.core.PushRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The notification fields, priority, ttl, the "something to show" rule and FCM's payload limit. */
class PushRequestReaderFieldsTest {

    private static final String CONTRACT_EXAMPLE = """
            {
              "push_code": "COMMENT_REPLY",
              "title": "notification title",
              "body": "notification body",
              "icon": "ic_launcher",
              "image": "https://example.invalid/a.png",
              "data": {"post_id": "42", "kind": "reply"},
              "registration_tokens": {"user-17": "tok-a", "user-18": "tok-b"},
              "priority": "high",
              "ttl_seconds": 3600,
              "collapse_key": "comments",
              "message_id": "c0ffee-1"
            }
            """;

    @Test
    void readsEveryFieldOfTheContractExample() {
        PushRequest request = read(CONTRACT_EXAMPLE);

        assertThat(request.pushCode()).isEqualTo("COMMENT_REPLY");
        assertThat(request.title()).isEqualTo("notification title");
        assertThat(request.body()).isEqualTo("notification body");
        assertThat(request.icon()).isEqualTo("ic_launcher");
        assertThat(request.image()).isEqualTo("https://example.invalid/a.png");
        assertThat(request.data()).containsExactly(Map.entry("post_id", "42"), Map.entry("kind", "reply"));
        assertThat(request.tokens()).containsExactly(new DeviceToken("user-17", "tok-a"), new DeviceToken("user-18", "tok-b"));
        assertThat(request.tokensAsMap()).isTrue();
        assertThat(request.priority()).isEqualTo(Priority.HIGH);
        assertThat(request.ttlSeconds()).isEqualTo(3600);
        assertThat(request.collapseKey()).isEqualTo("comments");
        assertThat(request.messageId()).isEqualTo("c0ffee-1");
    }

    @Test
    void leavesAbsentOptionalFieldsNull() {
        PushRequest request = read(validRequest());

        assertThat(request.pushCode()).isNull();
        assertThat(request.body()).isNull();
        assertThat(request.icon()).isNull();
        assertThat(request.image()).isNull();
        assertThat(request.priority()).isNull();
        assertThat(request.ttlSeconds()).isNull();
        assertThat(request.collapseKey()).isNull();
        assertThat(request.data()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"body", "icon", "image", "push_code", "collapse_key", "priority", "ttl_seconds", "data"})
    void treatsJsonNullAsAbsent(String field) {
        ObjectNode sent = validRequest();
        sent.putNull(field);

        PushRequest request = read(sent);

        assertThat(request.title()).isEqualTo("hello");
    }

    @ParameterizedTest
    @CsvSource({
        "title, 5", "title, true", "title, {}", "title, []",
        "body, 1.5", "icon, false", "image, {\"url\":\"x\"}", "push_code, 7",
        "collapse_key, []", "message_id, 42"})
    void rejectsOptionalStringFieldOfAnotherTypeNamingTheField(String field, String badJson) throws Exception {
        ObjectNode sent = validRequest();
        sent.put("body", "text");
        sent.set(field, JSON.readTree(badJson));

        InvalidPushRequestException rejection = rejectionOf(sent);

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(rejection.getMessage()).startsWith(field + " must be a string");
    }

    @Test
    void rejectsTitleHoldingAnUnpairedSurrogateNamingTheField() {
        InvalidPushRequestException rejection = rejectionOf(
                "{\"registration_tokens\":[\"tok-a\"],\"title\":\"broken \\udc00 half\"}");

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(rejection.getMessage()).startsWith("title");
    }

    @ParameterizedTest
    @CsvSource({"high, HIGH", "HIGH, HIGH", "High, HIGH", "normal, NORMAL", "NORMAL, NORMAL"})
    void readsPriorityWhateverItsCase(String sent, Priority expected) {
        ObjectNode request = validRequest();
        request.put("priority", sent);

        assertThat(read(request).priority()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"urgent\"", "\"\"", "\"hi gh\"", "1", "true", "{}"})
    void rejectsUnknownPriorityNamingTheField(String badJson) throws Exception {
        ObjectNode request = validRequest();
        request.set("priority", JSON.readTree(badJson));

        InvalidPushRequestException rejection = rejectionOf(request);

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(rejection.getMessage()).contains("priority");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3600, 2_419_200})
    void readsTtlWithinFcmRange(int ttl) {
        ObjectNode request = validRequest();
        request.put("ttl_seconds", ttl);

        assertThat(read(request).ttlSeconds()).isEqualTo(ttl);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "2419201", "1.5", "10.0", "1e3", "\"10\"", "true", "[]", "99999999999999999999"})
    void rejectsTtlThatIsNotAWholeNumberOfSecondsWithinFourWeeks(String badJson) {
        InvalidPushRequestException rejection = rejectionOf(
                "{\"registration_tokens\":[\"tok-a\"],\"title\":\"x\",\"ttl_seconds\":" + badJson + "}");

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(rejection.getMessage()).contains("ttl_seconds");
    }

    @ParameterizedTest
    @ValueSource(strings = {"title", "body"})
    void acceptsTitleOrBodyAloneAsSomethingToShow(String field) {
        ObjectNode request = validRequest();
        request.remove("title");
        request.put(field, "text");

        assertThat(read(request).tokens()).hasSize(1);
    }

    @Test
    void acceptsDataAloneAsSomethingToShow() {
        ObjectNode request = validRequest();
        request.remove("title");
        request.putObject("data").put("sync", "1");

        assertThat(read(request).data()).containsEntry("sync", "1");
    }

    @Test
    void rejectsRequestWithNeitherTitleNorBodyNorData() {
        ObjectNode request = validRequest();
        request.remove("title");
        request.put("icon", "ic_launcher");
        request.put("image", "https://example.invalid/a.png");

        InvalidPushRequestException rejection = rejectionOf(request);

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(rejection.getMessage()).contains("a request needs title/body or data");
    }

    @Test
    void doesNotCountEmptyDataAsSomethingToShow() {
        ObjectNode request = validRequest();
        request.remove("title");
        request.putObject("data");

        assertThat(rejectionOf(request).getMessage()).contains("a request needs title/body or data");
    }

    @Test
    void doesNotCountBlankTitleAndBodyAsSomethingToShow() {
        ObjectNode request = validRequest();
        request.put("title", "");
        request.put("body", "  ");

        assertThat(rejectionOf(request).getMessage()).contains("a request needs title/body or data");
    }

    @Test
    void acceptsPayloadOfExactly4096Bytes() {
        ObjectNode request = validRequest();
        request.put("title", "t".repeat(1000));
        request.put("body", "b".repeat(1000));
        request.put("icon", "i".repeat(1000));
        request.put("image", "m".repeat(1000));
        request.putObject("data").put("kk", "v".repeat(94));

        assertThat(read(request).data()).hasSize(1);
    }

    @Test
    void rejectsPayloadOverFcmLimitWithItsSizeInTheDetail() {
        ObjectNode request = validRequest();
        request.put("title", "t".repeat(1000));
        request.put("body", "b".repeat(1000));
        request.put("icon", "i".repeat(1000));
        request.put("image", "m".repeat(1000));
        request.putObject("data").put("kk", "v".repeat(95));

        InvalidPushRequestException rejection = rejectionOf(request);

        assertThat(rejection.errorCode()).isEqualTo(PAYLOAD_TOO_LARGE);
        assertThat(rejection.getMessage()).contains("4097").contains("4096");
    }

    @Test
    void countsPayloadInUtf8BytesNotCharacters() {
        ObjectNode request = validRequest();
        // 1366 three-byte characters: 1366 characters, 4098 bytes.
        request.put("title", "€".repeat(1366));

        InvalidPushRequestException rejection = rejectionOf(request);

        assertThat(rejection.errorCode()).isEqualTo(PAYLOAD_TOO_LARGE);
        assertThat(rejection.getMessage()).contains("4098");
    }

    @Test
    void leavesPushCodeCollapseKeyAndUnknownFieldsOutOfThePayloadSize() {
        ObjectNode request = validRequest();
        request.put("title", "t".repeat(4096));
        request.put("push_code", "p".repeat(500));
        request.put("collapse_key", "c".repeat(500));
        request.put("tenant", "x".repeat(500));

        assertThat(read(request).title()).hasSize(4096);
    }

    @Test
    void honoursAConfiguredPayloadLimit() {
        ObjectNode request = validRequest();
        request.put("title", "t".repeat(11));
        PushRequestReader reader = ReaderTesting.reader(new IntakeLimits(10, 10, 1 << 20));

        assertThat(ReaderTesting.rejectionOf(reader, ReaderTesting.bytes(request)).errorCode()).isEqualTo(PAYLOAD_TOO_LARGE);
    }
}
