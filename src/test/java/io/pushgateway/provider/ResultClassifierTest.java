package io.pushgateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushgateway.core.DeviceToken;
import io.pushgateway.core.Outcome;
import io.pushgateway.core.TargetKind;
import io.pushgateway.core.TokenResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ResultClassifierTest {

    private static final ErrorOutcomeTable TABLE = new ErrorOutcomeTable();
    private static final Set<String> STATUS_ONLY = Set.of("UNAUTHENTICATED", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED");
    private static final DeviceToken TOKEN = new DeviceToken("user-1", "tok-1");

    private final ResultClassifier classifier = new ResultClassifier(TABLE, new ObjectMapper());

    static Stream<Arguments> tableRows() {
        return TABLE.rows().stream().map(r -> Arguments.of(r.protocol(), r.error(), r.outcome()));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("tableRows")
    void classifiesASynthesisedFcmAnswerForEveryTableRowAsTheTableSays(Protocol protocol, String error, Outcome outcome) {
        TokenResult result;
        if (error.startsWith("HTTP_")) {
            int status = Integer.parseInt(error.substring(5));
            byte[] body = bytes("<html><body>Error " + status + "</body></html>");
            assertThat(classifier.failsTransiently(protocol, status, body)).isEqualTo(outcome == Outcome.RETRY);
            result = protocol == Protocol.LEGACY
                    ? classifier.legacy(List.of(TOKEN), status, body, Duration.ZERO).get(0)
                    : classifier.v1(TOKEN, status, body, Duration.ZERO);
        } else if (protocol == Protocol.LEGACY) {
            result = classifier.legacy(List.of(TOKEN), 200, legacyError(error), Duration.ZERO).get(0);
        } else {
            result = classifier.v1(TOKEN, 400, v1Error(error), Duration.ZERO);
        }
        assertThat(result.outcome()).isEqualTo(outcome);
        assertThat(result.token()).isEqualTo(TOKEN);
    }

    /** The rows of contract section 3, written out so a wrong table fails too. */
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "LEGACY, NotRegistered, TOKEN_DELETE", "LEGACY, InvalidRegistration, TOKEN_DELETE",
            "LEGACY, MismatchSenderId, TOKEN_DELETE", "LEGACY, Unavailable, RETRY",
            "LEGACY, InternalServerError, RETRY", "LEGACY, DeviceMessageRateExceeded, RETRY",
            "LEGACY, TopicsMessageRateExceeded, RETRY", "LEGACY, MissingRegistration, DEAD_LETTER",
            "LEGACY, MessageTooBig, DEAD_LETTER", "LEGACY, InvalidDataKey, DEAD_LETTER",
            "LEGACY, InvalidTtl, DEAD_LETTER", "LEGACY, InvalidPackageName, DEAD_LETTER",
            "LEGACY, InvalidParameters, DEAD_LETTER", "LEGACY, InvalidApnsCredential, DEAD_LETTER",
            "LEGACY, NeverHeardOfIt, DEAD_LETTER",
            "V1, UNREGISTERED, TOKEN_DELETE", "V1, SENDER_ID_MISMATCH, TOKEN_DELETE",
            "V1, UNAVAILABLE, RETRY", "V1, INTERNAL, RETRY", "V1, QUOTA_EXCEEDED, RETRY",
            "V1, THIRD_PARTY_AUTH_ERROR, DEAD_LETTER", "V1, UNSPECIFIED_ERROR, DEAD_LETTER",
            "V1, NEVER_HEARD_OF_IT, DEAD_LETTER"})
    void followsTheContractForEachNamedError(Protocol protocol, String error, Outcome outcome) {
        TokenResult result = protocol == Protocol.LEGACY
                ? classifier.legacy(List.of(TOKEN), 200, legacyError(error), Duration.ZERO).get(0)
                : classifier.v1(TOKEN, 400, v1Error(error), Duration.ZERO);
        assertThat(result.outcome()).isEqualTo(outcome);
        assertThat(result.error()).isEqualTo(error);
    }

    @Test
    void deletesTheTokenWhenInvalidArgumentNamesTheTokenAndDeadLettersItWhenItIsAboutThePayload() {
        byte[] aboutToken = bytes("""
                {"error":{"code":400,"message":"The registration token is not a valid FCM registration token",
                 "status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError",
                 "errorCode":"INVALID_ARGUMENT"}]}}""");
        byte[] aboutPayload = bytes("""
                {"error":{"code":400,"message":"Invalid value at 'message.data[0].value'","status":"INVALID_ARGUMENT",
                 "details":[{"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":
                 [{"field":"message.data[0].value","description":"Invalid value"}]}]}}""");
        assertThat(classifier.v1(TOKEN, 400, aboutToken, Duration.ZERO).outcome()).isEqualTo(Outcome.TOKEN_DELETE);
        assertThat(classifier.v1(TOKEN, 400, aboutPayload, Duration.ZERO).outcome()).isEqualTo(Outcome.DEAD_LETTER);
        assertThat(classifier.v1(TOKEN, 400, aboutPayload, Duration.ZERO).error()).isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    void treatsA401WithoutFcmDetailAsOurRefusedAccessTokenButA401WithDetailAsAnFcmError() {
        byte[] bare = bytes("{\"error\":{\"code\":401,\"message\":\"Request had invalid authentication credentials.\","
                + "\"status\":\"UNAUTHENTICATED\"}}");
        assertThat(classifier.failsTransiently(Protocol.V1, 401, bare)).isTrue();
        assertThat(classifier.v1(TOKEN, 401, bare, Duration.ZERO).outcome()).isEqualTo(Outcome.RETRY);
        assertThat(classifier.failsTransiently(Protocol.V1, 401, v1Error("THIRD_PARTY_AUTH_ERROR"))).isFalse();
        assertThat(classifier.failsTransiently(Protocol.LEGACY, 401, bytes("<HTML>Unauthorized</HTML>"))).isFalse();
    }

    @Test
    void reportsCanonicalIdsAsTokenUpdatesAndMatchesLegacyResultsByPosition() {
        var a = new DeviceToken(null, "a");
        var b = new DeviceToken(null, "b");
        var c = new DeviceToken(null, "c");
        byte[] body = bytes("""
                {"multicast_id":1,"success":2,"failure":1,"canonical_ids":1,"results":[
                 {"message_id":"0:1"},{"message_id":"0:2","registration_id":"b2"},{"error":"NotRegistered"}]}""");
        List<TokenResult> results = classifier.legacy(List.of(a, b, c), 200, body, Duration.ZERO);
        assertThat(results).extracting(TokenResult::outcome)
                .containsExactly(Outcome.DELIVERED, Outcome.TOKEN_UPDATE, Outcome.TOKEN_DELETE);
        assertThat(results.get(1).newToken()).isEqualTo("b2");
        assertThat(results.get(2).token()).isEqualTo(c);
    }

    @Test
    void retriesAllTokensWhenALegacyAnswerCannotBeMatchedToThem() {
        byte[] shortAnswer = bytes("{\"results\":[{\"message_id\":\"0:1\"}]}");
        List<TokenResult> results = classifier.legacy(List.of(TOKEN, new DeviceToken(null, "x")), 200, shortAnswer,
                Duration.ZERO);
        assertThat(results).extracting(TokenResult::outcome).containsOnly(Outcome.RETRY);
    }

    @Test
    void deletesAnInstallationIdWhenInvalidArgumentNamesMessageFid() {
        DeviceToken fid = new DeviceToken("user-1", "fid-1");

        TokenResult result = classifier.v1(fid, TargetKind.FID, 400, invalidArgumentNaming("message.fid"), Duration.ZERO);

        assertThat(result.outcome()).isEqualTo(Outcome.TOKEN_DELETE);
        assertThat(result.token()).isEqualTo(fid);
        assertThat(classifier.v1(fid, TargetKind.FID, 400, bytes("""
                {"error":{"code":400,"message":"Invalid value at 'message.fid'","status":"INVALID_ARGUMENT"}}"""),
                Duration.ZERO).outcome()).isEqualTo(Outcome.TOKEN_DELETE);
    }

    @Test
    void readsInvalidArgumentNamingTheOtherDeviceFieldAsAboutThePayload() {
        assertThat(classifier.v1(TOKEN, TargetKind.FID, 400, invalidArgumentNaming("message.token"), Duration.ZERO).outcome())
                .isEqualTo(Outcome.DEAD_LETTER);
        assertThat(classifier.v1(TOKEN, TargetKind.TOKEN, 400, invalidArgumentNaming("message.fid"), Duration.ZERO).outcome())
                .isEqualTo(Outcome.DEAD_LETTER);
        assertThat(classifier.v1(TOKEN, TargetKind.TOKEN, 400, invalidArgumentNaming("message.token"), Duration.ZERO).outcome())
                .isEqualTo(Outcome.TOKEN_DELETE);
    }

    @Test
    void deletesAnInstallationIdThatFcmCallsUnregistered() {
        assertThat(classifier.v1(TOKEN, TargetKind.FID, 404, v1Error("UNREGISTERED"), Duration.ZERO).outcome())
                .isEqualTo(Outcome.TOKEN_DELETE);
    }

    @ParameterizedTest
    @CsvSource({"TOPIC, UNREGISTERED", "TOPIC, SENDER_ID_MISMATCH", "CONDITION, UNREGISTERED"})
    void deadLettersATopicOrConditionSendWhereATokenWouldBeDeleted(TargetKind kind, String code) {
        DeviceToken topic = new DeviceToken(null, "news");

        TokenResult result = classifier.v1(topic, kind, 400, v1Error(code), Duration.ZERO);

        assertThat(result.outcome()).isEqualTo(Outcome.DEAD_LETTER);
        assertThat(result.error()).isEqualTo(code);
    }

    @Test
    void deadLettersAnInvalidArgumentForATopicWhateverItNames() {
        DeviceToken topic = new DeviceToken(null, "news");

        assertThat(classifier.v1(topic, TargetKind.TOPIC, 400, invalidArgumentNaming("message.topic"), Duration.ZERO).outcome())
                .isEqualTo(Outcome.DEAD_LETTER);
        assertThat(classifier.v1(topic, TargetKind.CONDITION, 400, invalidArgumentNaming("message.token"), Duration.ZERO).outcome())
                .isEqualTo(Outcome.DEAD_LETTER);
    }

    @Test
    void retriesATopicSendLikeATokenSend() {
        DeviceToken topic = new DeviceToken(null, "news");

        assertThat(classifier.v1(topic, TargetKind.TOPIC, 429, v1Error("QUOTA_EXCEEDED"), Duration.ofSeconds(60)).outcome())
                .isEqualTo(Outcome.RETRY);
        assertThat(classifier.v1(topic, TargetKind.TOPIC, 200, bytes("{\"name\":\"projects/p/messages/1\"}"), Duration.ZERO)
                .outcome()).isEqualTo(Outcome.DELIVERED);
    }

    @Test
    void readsTheLegacyTopicAnswerAtTheTopLevel() {
        DeviceToken topic = new DeviceToken(null, "news");

        List<TokenResult> delivered = classifier.legacy(List.of(topic), TargetKind.TOPIC, 200,
                bytes("{\"message_id\":6118477462541395461}"), Duration.ZERO);
        List<TokenResult> retried = classifier.legacy(List.of(topic), TargetKind.TOPIC, 200,
                bytes("{\"error\":\"TopicsMessageRateExceeded\"}"), Duration.ZERO);
        List<TokenResult> dead = classifier.legacy(List.of(topic), TargetKind.CONDITION, 200,
                bytes("{\"error\":\"NotRegistered\"}"), Duration.ZERO);

        assertThat(delivered).extracting(TokenResult::outcome).containsExactly(Outcome.DELIVERED);
        assertThat(retried).extracting(TokenResult::outcome).containsExactly(Outcome.RETRY);
        assertThat(dead).extracting(TokenResult::outcome).containsExactly(Outcome.DEAD_LETTER);
        assertThat(dead.get(0).error()).isEqualTo("NotRegistered");
    }

    @Test
    void neverReportsATokenUpdateForATopic() {
        DeviceToken topic = new DeviceToken(null, "news");

        List<TokenResult> results = classifier.legacy(List.of(topic), TargetKind.TOPIC, 200,
                bytes("{\"results\":[{\"message_id\":\"0:1\",\"registration_id\":\"other\"}]}"), Duration.ZERO);

        assertThat(results).extracting(TokenResult::outcome).containsExactly(Outcome.DELIVERED);
    }

    @Test
    void keepsFcmsWordsAboutARefusedPayloadButNothingForATokenFcmRefused() {
        TokenResult payload = classifier.v1(TOKEN, 400, invalidArgumentNaming("message.apns"), Duration.ZERO);
        TokenResult token = classifier.v1(TOKEN, 400, invalidArgumentNaming("message.token"), Duration.ZERO);
        TokenResult gone = classifier.v1(TOKEN, 404, v1Error("UNREGISTERED"), Duration.ZERO);

        assertThat(payload.outcome()).isEqualTo(Outcome.DEAD_LETTER);
        assertThat(payload.fcmMessage()).isEqualTo("message.apns: bad");
        assertThat(token.fcmMessage()).isNull();
        assertThat(gone.fcmMessage()).isNull();
    }

    @Test
    void cutsALongFcmComplaintShortOnOneLine() {
        String longWords = "a\\nb" + "x".repeat(1000);
        byte[] body = bytes("{\"error\":{\"code\":400,\"message\":\"" + longWords + "\",\"status\":\"INVALID_ARGUMENT\"}}");

        String complaint = classifier.v1(TOKEN, 400, body, Duration.ZERO).fcmMessage();

        assertThat(complaint).startsWith("a b").doesNotContain("\n").hasSizeLessThan(310);
    }

    private static byte[] invalidArgumentNaming(String field) {
        return bytes("{\"error\":{\"code\":400,\"message\":\"Invalid value\",\"status\":\"INVALID_ARGUMENT\","
                + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.BadRequest\",\"fieldViolations\":"
                + "[{\"field\":\"" + field + "\",\"description\":\"bad\"}]}]}}");
    }

    private static byte[] legacyError(String error) {
        return bytes("{\"multicast_id\":1,\"success\":0,\"failure\":1,\"canonical_ids\":0,\"results\":[{\"error\":\""
                + error + "\"}]}");
    }

    private static byte[] v1Error(String code) {
        if (code.startsWith("INVALID_ARGUMENT:")) {
            String field = code.endsWith(":token") ? "message.token" : "message.android.ttl";
            return bytes("{\"error\":{\"code\":400,\"message\":\"Invalid value\",\"status\":\"INVALID_ARGUMENT\","
                    + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.BadRequest\",\"fieldViolations\":"
                    + "[{\"field\":\"" + field + "\",\"description\":\"bad\"}]}]}}");
        }
        if (STATUS_ONLY.contains(code)) {
            return bytes("{\"error\":{\"code\":400,\"message\":\"m\",\"status\":\"" + code + "\"}}");
        }
        return bytes("{\"error\":{\"code\":400,\"message\":\"m\",\"status\":\"FAILED_PRECONDITION\",\"details\":"
                + "[{\"@type\":\"type.googleapis.com/google.firebase.fcm.v1.FcmError\",\"errorCode\":\"" + code + "\"}]}}");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
