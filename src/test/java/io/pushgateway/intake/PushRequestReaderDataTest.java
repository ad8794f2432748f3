package io.pushgateway.intake;

import static io.pushgateway.core.InvalidPushRequestException.INVALID_REQUEST;
import static io.pushgateway.intake.ReaderTesting.read;
import static io.pushgateway.intake.ReaderTesting.rejectionOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pushgateway.core.InvalidPushRequestException;
import io.pushgateway.core.PushRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code data}: scalar values become the strings FCM requires; everything else is refused. */
class PushRequestReaderDataTest {

    @ParameterizedTest(name = "{0} is sent as \"{1}\"")
    @CsvSource(delimiter = '|', value = {
        "\"42\"                 | 42",
        "\"\"                   | ''",
        "42                     | 42",
        "-7                     | -7",
        "0                      | 0",
        "12345678901234567890   | 12345678901234567890",
        "1.5                    | 1.5",
        "1.50                   | 1.50",
        "-0.25                  | -0.25",
        "0.1                    | 0.1",
        "0.0000001              | 0.0000001",
        "1e3                    | 1000",
        "1.5E-3                 | 0.0015",
        "true                   | true",
        "false                  | false"})
    void sendsScalarValuesAsStrings(String json, String expected) {
        PushRequest request = read(withData("{\"v\":" + json + "}"));

        assertThat(request.data()).containsExactly(Map.entry("v", expected));
    }

    @Test
    void keepsTheProducersKeyOrder() {
        PushRequest request = read(withData("{\"zeta\":\"1\",\"alpha\":2,\"mid\":true}"));

        assertThat(request.data().keySet()).containsExactly("zeta", "alpha", "mid");
    }

    @Test
    void handsOutAnUnmodifiableDataMap() {
        PushRequest request = read(withData("{\"k\":\"v\"}"));

        assertThatThrownBy(() -> request.data().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsNullDataValueNamingTheKey() {
        InvalidPushRequestException rejection = rejectionOf(withData("{\"ok\":\"1\",\"post_id\":null}"));

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(rejection.getMessage()).contains("data.post_id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"nested\":\"x\"}", "{}", "[1,2]", "[]"})
    void rejectsNestedDataValueNamingTheKey(String nested) {
        InvalidPushRequestException rejection = rejectionOf(withData("{\"ok\":\"1\",\"meta\":" + nested + "}"));

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(rejection.getMessage()).contains("data.meta");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[\"a\"]", "\"a=1\"", "5", "true"})
    void rejectsDataThatIsNotAnObject(String data) {
        InvalidPushRequestException rejection = rejectionOf(withData(data));

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(rejection.getMessage()).startsWith("data must be an object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"from", "message_type", "google", "google.c.a.e", "googleAnalytics", "gcm", "gcm.notification.x"})
    void rejectsKeysFcmReservesNamingTheKey(String key) {
        InvalidPushRequestException rejection = rejectionOf(withData("{\"ok\":\"1\",\"" + key + "\":\"v\"}"));

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(rejection.getMessage()).contains("data." + key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"from_user", "sent_from", "message_types", "my_google", "xgcm", "Google"})
    void acceptsKeysThatOnlyResembleReservedOnes(String key) {
        PushRequest request = read(withData("{\"" + key + "\":\"v\"}"));

        assertThat(request.data()).containsEntry(key, "v");
    }

    @Test
    void rejectsDataValueHoldingAnUnpairedSurrogateNamingTheKey() {
        InvalidPushRequestException rejection = rejectionOf(withData("{\"note\":\"half \\ud83d\"}"));

        assertThat(rejection.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(rejection.getMessage()).contains("data.note");
    }

    @Test
    void acceptsDataValueHoldingAnEscapedSurrogatePair() {
        PushRequest request = read(withData("{\"note\":\"wave \\ud83d\\udc4b\"}"));

        assertThat(request.data()).containsEntry("note", "wave 👋");
    }

    private static String withData(String data) {
        return "{\"registration_tokens\":[\"tok-a\"],\"data\":" + data + "}";
    }
}
