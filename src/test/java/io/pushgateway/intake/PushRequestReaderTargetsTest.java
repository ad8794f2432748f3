package io.pushgateway.intake;

import static io.pushgateway.core.InvalidPushRequestException.INVALID_REQUEST;
import static io.pushgateway.core.InvalidPushRequestException.NO_TOKENS;
import static io.pushgateway.intake.ReaderTesting.read;
import static io.pushgateway.intake.ReaderTesting.readOnLegacy;
import static io.pushgateway.intake.ReaderTesting.rejectionOf;
import static io.pushgateway.intake.ReaderTesting.rejectionOnLegacy;
import static org.assertj.core.api.Assertions.assertThat;

import io.pushgateway.core.DeviceToken;
import io.pushgateway.core.InvalidPushRequestException;
import io.pushgateway.core.PushRequest;
import io.pushgateway.core.TargetKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The four target kinds: exactly one per request, each read into the targets the send path iterates. */
class PushRequestReaderTargetsTest {

    @Test
    void readsRegistrationTokensAsTheTokenKind() {
        PushRequest request = read("{\"title\":\"t\",\"registration_tokens\":[\"tok-a\"]}");

        assertThat(request.target()).isEqualTo(TargetKind.TOKEN);
        assertThat(request.tokens()).containsExactly(new DeviceToken(null, "tok-a"));
    }

    @Test
    void readsInstallationIdsAsAListInOrderWithoutUsers() {
        PushRequest request = read("{\"title\":\"t\",\"installation_ids\":[\"fid-a\",\"fid-b\",\"fid-a\"]}");

        assertThat(request.target()).isEqualTo(TargetKind.FID);
        assertThat(request.tokensAsMap()).isFalse();
        assertThat(request.tokens()).containsExactly(new DeviceToken(null, "fid-a"), new DeviceToken(null, "fid-b"));
    }

    @Test
    void readsInstallationIdsAsAUserMap() {
        PushRequest request = read("{\"title\":\"t\",\"installation_ids\":{\"user-17\":\"fid-a\",\"user-18\":\"fid-b\"}}");

        assertThat(request.target()).isEqualTo(TargetKind.FID);
        assertThat(request.tokensAsMap()).isTrue();
        assertThat(request.tokens()).containsExactly(new DeviceToken("user-17", "fid-a"), new DeviceToken("user-18", "fid-b"));
    }

    @Test
    void readsATopicAsOneTargetWithoutUser() {
        PushRequest request = read("{\"title\":\"t\",\"topic\":\"news-EU_2026.x~y%20\"}");

        assertThat(request.target()).isEqualTo(TargetKind.TOPIC);
        assertThat(request.tokensAsMap()).isFalse();
        assertThat(request.tokens()).containsExactly(new DeviceToken(null, "news-EU_2026.x~y%20"));
    }

    @Test
    void readsAConditionAsOneTargetWithoutUser() {
        PushRequest request = read("{\"title\":\"t\",\"condition\":\"'a' in topics && ('b' in topics || 'c' in topics)\"}");

        assertThat(request.target()).isEqualTo(TargetKind.CONDITION);
        assertThat(request.tokens()).containsExactly(
                new DeviceToken(null, "'a' in topics && ('b' in topics || 'c' in topics)"));
    }

    @Test
    void readsTopicAndConditionOnTheLegacyProtocolToo() {
        assertThat(readOnLegacy("{\"title\":\"t\",\"topic\":\"news\"}").target()).isEqualTo(TargetKind.TOPIC);
        assertThat(readOnLegacy("{\"title\":\"t\",\"condition\":\"'a' in topics\"}").target()).isEqualTo(TargetKind.CONDITION);
    }

    @Test
    void rejectsARequestWithNoTargetAsNoTokensNamingEveryTargetField() {
        InvalidPushRequestException rejection = rejectionOf("{\"title\":\"t\"}");

        assertThat(rejection.errorCode()).isEqualTo(NO_TOKENS);
        assertThat(rejection.getMessage())
                .contains("registration_tokens").contains("installation_ids").contains("topic").contains("condition");
    }

    @Test
    void countsATargetFieldThatIsNullAsAbsent() {
        PushRequest request = read("{\"title\":\"t\",\"registration_tokens\":null,\"topic\":\"news\",\"condition\":null}");

        assertThat(request.target()).isEqualTo(TargetKind.TOPIC);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"registration_tokens\":[\"tok-a\"],\"topic\":\"news\"           | registration_tokens and topic",
            "\"registration_tokens\":[\"tok-a\"],\"installation_ids\":[\"f\"] | registration_tokens and installation_ids",
            "\"topic\":\"news\",\"condition\":\"'a' in topics\"               | topic and condition",
            "\"installation_ids\":{\"u\":\"f\"},\"condition\":\"'a' in topics\" | installation_ids and condition",
            "\"registration_tokens\":[],\"topic\":\"news\"                    | registration_tokens and topic"})
    void rejectsTwoTargetKindsAsInvalidRequestNamingBoth(String targets, String named) {
        InvalidPushRequestException rejection = rejectionOf("{\"title\":\"t\"," + targets + "}");

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(rejection.getMessage()).contains(named).contains("exactly one target");
    }

    @Test
    void rejectsAllFourTargetKindsNamingEachOne() {
        InvalidPushRequestException rejection = rejectionOf("{\"title\":\"t\",\"registration_tokens\":[\"a\"],"
                + "\"installation_ids\":[\"b\"],\"topic\":\"c\",\"condition\":\"'d' in topics\"}");

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(rejection.getMessage()).contains("registration_tokens and installation_ids and topic and condition");
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "[]", "{}"})
    void rejectsEmptyInstallationIdsAsNoTokensButNullAsNoTarget(String ids) {
        InvalidPushRequestException rejection = rejectionOf("{\"title\":\"x\",\"installation_ids\":" + ids + "}");

        assertThat(rejection.errorCode()).isEqualTo(NO_TOKENS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"fid-a\"", "42", "true"})
    void rejectsInstallationIdsThatIsNeitherArrayNorObject(String ids) {
        InvalidPushRequestException rejection = rejectionOf("{\"title\":\"x\",\"installation_ids\":" + ids + "}");

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(rejection.getMessage()).contains("installation_ids").contains("installation id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "null", "{}", "\"\"", "\"  \""})
    void rejectsAnInstallationIdThatIsNotAnIdNamingItsPosition(String bad) {
        InvalidPushRequestException rejection = rejectionOf("{\"title\":\"x\",\"installation_ids\":[\"fid-a\"," + bad + "]}");

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(rejection.getMessage()).contains("installation_ids[1]");
    }

    @Test
    void rejectsAnInstallationIdUnderAUserNamingTheUser() {
        InvalidPushRequestException rejection = rejectionOf("{\"title\":\"x\",\"installation_ids\":{\"user-17\":7}}");

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(rejection.getMessage()).contains("installation_ids[\"user-17\"]");
    }

    @Test
    void appliesTheTokenLimitToInstallationIds() {
        PushRequestReader reader = ReaderTesting.reader(new IntakeLimits(4096, 2, 1 << 20));

        InvalidPushRequestException rejection = ReaderTesting.rejectionOf(reader,
                ReaderTesting.utf8("{\"title\":\"x\",\"installation_ids\":[\"a\",\"b\",\"c\"]}"));

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(rejection.getMessage()).contains("installation_ids").contains("3").contains("2");
    }

    @Test
    void rejectsInstallationIdsOnTheLegacyProtocolAsInvalidRequest() {
        InvalidPushRequestException rejection = rejectionOnLegacy("{\"title\":\"x\",\"installation_ids\":[\"fid-a\"]}");

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(rejection.getMessage()).contains("installation_ids").contains("legacy");
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "true", "[\"news\"]", "{\"name\":\"news\"}"})
    void rejectsATopicThatIsNotAString(String topic) {
        InvalidPushRequestException rejection = rejectionOf("{\"title\":\"x\",\"topic\":" + topic + "}");

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(rejection.getMessage()).contains("topic must be a string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "news alerts", "news/eu", "news!", "nachrichten-ü", "private/news"})
    void rejectsATopicNameOutsideFcmsCharacters(String topic) {
        InvalidPushRequestException rejection = rejectionOf("{\"title\":\"x\",\"topic\":\"" + topic + "\"}");

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(rejection.getMessage()).startsWith("topic must be a name of the characters");
    }

    @Test
    void rejectsATopicGivenWithTheTopicsPrefixSayingSo() {
        InvalidPushRequestException rejection = rejectionOf("{\"title\":\"x\",\"topic\":\"/topics/news\"}");

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(rejection.getMessage()).contains("topic").contains("without /topics/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"   \"", "42", "false", "[]", "{}"})
    void rejectsAConditionThatIsNotANonEmptyString(String condition) {
        InvalidPushRequestException rejection = rejectionOf("{\"title\":\"x\",\"condition\":" + condition + "}");

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(rejection.getMessage()).startsWith("condition");
    }

    @Test
    void rejectsAConditionHoldingAnUnpairedSurrogate() {
        InvalidPushRequestException rejection = rejectionOf("{\"title\":\"x\",\"condition\":\"'a\\ud800' in topics\"}");

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(rejection.getMessage()).contains("condition").contains("surrogate");
    }
}
