package io.pushgateway.intake;

import static io.pushgateway.core.InvalidPushRequestException.INVALID_JSON;
import static io.pushgateway.core.InvalidPushRequestException.INVALID_REQUEST;
import static io.pushgateway.core.InvalidPushRequestException.PAYLOAD_TOO_LARGE;
import static io.pushgateway.intake.ReaderTesting.bytes;
import static io.pushgateway.intake.ReaderTesting.read;
import static io.pushgateway.intake.ReaderTesting.reader;
import static io.pushgateway.intake.ReaderTesting.rejectionOf;
import static io.pushgateway.intake.ReaderTesting.utf8;
import static io.pushgateway.intake.ReaderTesting.validRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pushgateway.core.InvalidPushRequestException;
import io.pushgateway.core.PushRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How the body's bytes become a JSON object: encoding, syntax, shape and size. */
class PushRequestReaderBodyTest {

    private static final String TOKENS = "\"registration_tokens\":[\"tok-a\"]";

    @Test
    void readsBodyAsUtf8WhateverItHolds() {
        PushRequest request = read("{" + TOKENS + ",\"title\":\"Grüße aus Köln 👋\"}");

        assertThat(request.title()).isEqualTo("Grüße aus Köln 👋");
    }

    @Test
    void rejectsMalformedUtf8AsInvalidJsonInsteadOfReplacingIt() {
        byte[] body = concat(utf8("{" + TOKENS + ",\"title\":\"a"), new byte[] {(byte) 0xC3, (byte) 0x28}, utf8("\"}"));

        InvalidPushRequestException rejection = rejectionOf(reader(), body);

        assertThat(rejection.errorCode()).isEqualTo(INVALID_JSON);
        assertThat(rejection.getMessage()).contains("UTF-8");
    }

    @Test
    void rejectsOverlongUtf8EncodingAsInvalidJson() {
        // C0 AF is an overlong '/', a classic way to smuggle characters past filters.
        byte[] body = concat(utf8("{" + TOKENS + ",\"title\":\"a"), new byte[] {(byte) 0xC0, (byte) 0xAF}, utf8("\"}"));

        assertThat(rejectionOf(reader(), body).errorCode()).isEqualTo(INVALID_JSON);
    }

    @Test
    void rejectsUtf8EncodedSurrogateAsInvalidJson() {
        byte[] body = concat(utf8("{" + TOKENS + ",\"title\":\"a"),
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, utf8("\"}"));

        assertThat(rejectionOf(reader(), body).errorCode()).isEqualTo(INVALID_JSON);
    }

    @Test
    void rejectsUtf16BodyInsteadOfGuessingItsEncoding() {
        byte[] body = ("{" + TOKENS + ",\"title\":\"hello\"}").getBytes(StandardCharsets.UTF_16LE);

        assertThat(rejectionOf(reader(), body).errorCode()).isEqualTo(INVALID_JSON);
    }

    @Test
    void toleratesUtf8ByteOrderMark() {
        byte[] body = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, bytes(validRequest()));

        assertThat(reader().read(body, null).title()).isEqualTo("hello");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "{\"title\":", "{\"title\" \"x\"}", "{'title':'x'}", "{\"a\":1,}"})
    void rejectsTextThatIsNotJsonAsInvalidJson(String body) {
        InvalidPushRequestException rejection = rejectionOf(body);

        assertThat(rejection.errorCode()).isEqualTo(INVALID_JSON);
        assertThat(rejection.getMessage()).startsWith("body is not valid JSON");
    }

    @Test
    void rejectsContentAfterTheRequestObjectAsInvalidJson() {
        InvalidPushRequestException rejection = rejectionOf("{" + TOKENS + ",\"title\":\"x\"} {\"title\":\"y\"}");

        assertThat(rejection.errorCode()).isEqualTo(INVALID_JSON);
        assertThat(rejection.getMessage()).contains("after the request object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n"})
    void rejectsEmptyBodyAsInvalidJson(String body) {
        InvalidPushRequestException rejection = rejectionOf(body);

        assertThat(rejection.errorCode()).isEqualTo(INVALID_JSON);
        assertThat(rejection.getMessage()).contains("request must be a JSON object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[\"tok-a\"]", "\"tok-a\"", "42", "true", "null"})
    void rejectsJsonThatIsNotAnObjectAsInvalidJson(String body) {
        InvalidPushRequestException rejection = rejectionOf(body);

        assertThat(rejection.errorCode()).isEqualTo(INVALID_JSON);
        assertThat(rejection.getMessage()).contains("request must be a JSON object");
    }

    @Test
    void parseErrorDetailNeverEchoesAWholeToken() {
        String token = "dXNlcjE3OkFQQTkxYkhhbmRsZXJUb2tlbkV4YW1wbGU";

        InvalidPushRequestException rejection = rejectionOf("{\"registration_tokens\":[" + token + "],\"title\":\"x\"}");

        assertThat(rejection.errorCode()).isEqualTo(INVALID_JSON);
        assertThat(rejection.getMessage()).doesNotContain(token).doesNotContain(token.substring(0, 12));
    }

    @Test
    void rejectsBodyOverMaxBodyBytesBeforeParsingIt() {
        // Invalid JSON on purpose: the answer is payload-too-large, so the parser never saw it.
        byte[] body = new byte[101];
        Arrays.fill(body, (byte) '[');

        InvalidPushRequestException rejection = rejectionOf(ReaderTesting.reader(new IntakeLimits(4096, 10, 100)), body);

        assertThat(rejection.errorCode()).isEqualTo(PAYLOAD_TOO_LARGE);
        assertThat(rejection.getMessage()).contains("101").contains("100");
    }

    @Test
    void acceptsBodyOfExactlyMaxBodyBytes() {
        byte[] body = bytes(validRequest());
        PushRequestReader reader = ReaderTesting.reader(new IntakeLimits(4096, 10, body.length));

        assertThat(reader.read(body, null).title()).isEqualTo("hello");
    }

    @Test
    void rejectsJsonNestedDeeperThan32LevelsAsInvalidRequestNamingTheField() {
        // The request object is level 1, so 32 brackets make level 33.
        String json = "{" + TOKENS + ",\"title\":\"x\",\"extra\":" + "[".repeat(32) + "]".repeat(32) + "}";

        InvalidPushRequestException rejection = rejectionOf(json);

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(rejection.getMessage()).contains("32").contains("extra");
    }

    @Test
    void acceptsUnknownFieldNestedExactly32LevelsDeep() {
        String json = "{" + TOKENS + ",\"title\":\"x\",\"extra\":" + "[".repeat(31) + "]".repeat(31) + "}";

        assertThat(read(json).original().has("extra")).isTrue();
    }

    @Test
    @Timeout(5)
    void rejectsAMillionOpenBracketsWithoutBuildingThem() {
        String json = "{\"extra\":" + "[".repeat(1_000_000);

        assertThat(rejectionOf(json).errorCode()).isEqualTo(INVALID_REQUEST);
    }

    @Test
    void keepsUnknownFieldsInTheOriginalAndOtherwiseIgnoresThem() {
        ObjectNode sent = validRequest();
        sent.put("tenant", "acme");
        sent.putObject("trace").put("span", 7);

        PushRequest request = read(sent);

        assertThat(request.original()).isEqualTo(sent);
        assertThat(request.title()).isEqualTo("hello");
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
