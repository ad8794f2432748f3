package io.pushgateway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.pushgateway.core.DeviceToken;
import io.pushgateway.core.InvalidPushRequestException;
import io.pushgateway.core.PushRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** web_users / groups at the intake, and message ids made from the body (contract sections 2 and 6). */
class PushRequestReaderRealtimeTest {

    private static final String WEB_ONLY = "{\"title\":\"t\",\"web_users\":[\"alice\"],\"groups\":[\"g1\"]}";

    private static PushRequestReader reader(boolean realtimeEnabled) {
        return new PushRequestReader(IntakeLimits.defaults(), BodyDigest::messageId, realtimeEnabled);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRequestForWebUsersAndGroupsOnlyIsValidWhenTheChannelIsOn() {
        PushRequest request = reader(true).read(bytes(WEB_ONLY), null);

        assertThat(request.tokens()).isEmpty();
        assertThat(request.recipients().webUsers()).containsExactly("alice");
        assertThat(request.recipients().groups()).containsExactly("g1");
    }

    @Test
    void aRequestForWebUsersOnlyIsNoTokensWhenTheChannelIsOff() {
        var refusal = catchThrowableOfType(InvalidPushRequestException.class, () -> reader(false).read(bytes(WEB_ONLY), null));

        assertThat(refusal.errorCode()).isEqualTo(InvalidPushRequestException.NO_TOKENS);
    }

    @Test
    void aRequestWithNeitherDevicesNorRecipientsIsStillNoTokensWithTheChannelOn() {
        var refusal = catchThrowableOfType(InvalidPushRequestException.class,
                () -> reader(true).read(bytes("{\"title\":\"t\",\"web_users\":[]}"), null));

        assertThat(refusal.errorCode()).isEqualTo(InvalidPushRequestException.NO_TOKENS);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void badWebUsersAreInvalidWhetherTheChannelIsOnOrOff(boolean realtimeEnabled) {
        var refusal = catchThrowableOfType(InvalidPushRequestException.class, () -> reader(realtimeEnabled).read(
                bytes("{\"title\":\"t\",\"registration_tokens\":[\"tok\"],\"web_users\":[\"user.bob\"]}"), null));

        assertThat(refusal.errorCode()).isEqualTo(InvalidPushRequestException.INVALID_REQUEST);
        assertThat(refusal.getMessage()).startsWith("web_users[0]");
    }

    @Test
    void devicesAreStillReadWhenRecipientsAreGivenToo() {
        PushRequest request = reader(true).read(
                bytes("{\"title\":\"t\",\"registration_tokens\":{\"alice\":\"tok-a\"},\"web_users\":[\"bob\"]}"), null);

        assertThat(request.tokens()).extracting(DeviceToken::token).containsExactly("tok-a");
    }

    @Test
    void aGeneratedMessageIdIsTheSameOnEveryDeliveryOfTheSameBytes() {
        String body = "{\"title\":\"t\",\"registration_tokens\":[\"tok\"]}";
        String first = reader(false).read(bytes(body), null).messageId();

        assertThat(reader(true).read(bytes(body), " ").messageId()).isEqualTo(first).matches("sha256-[0-9a-f]{32}");
        assertThat(reader(false).read(bytes(body.replace("\"t\"", "\"t2\"")), null).messageId()).isNotEqualTo(first);
    }
}
