package io.pushgateway.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushgateway.core.DeviceToken;
import io.pushgateway.core.Outcome;
import io.pushgateway.core.PushRequest;
import io.pushgateway.core.TokenResult;
import io.pushgateway.intake.PushRequestReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Event bodies as contract sections 2 and 3 spell them, key order included. */
class FeedbackEventsTest {

    private final ObjectMapper json = new ObjectMapper();
    private final FeedbackEvents events = new FeedbackEvents(json);

    @Test
    void writesATokenDeleteWithTheContractKeysThenTheProject() throws Exception {
        PushRequest request = read("{\"message_id\":\"m\",\"push_code\":\"P\",\"title\":\"t\",\"project\":\"shop\","
                + "\"registration_tokens\":{\"u\":\"tok-a\"}}");

        JsonNode event = json.readTree(events.tokenDelete(request,
                TokenResult.failed(request.tokens().get(0), Outcome.TOKEN_DELETE, "UNREGISTERED", Duration.ZERO)).body());

        assertThat(event).isEqualTo(json.readTree("""
                {"message_id":"m","push_code":"P","user":"u","token":"tok-a","reason":"UNREGISTERED","project":"shop"}"""));
        assertThat(event.properties()).extracting(Map.Entry::getKey)
                .containsExactly("message_id", "push_code", "user", "token", "reason", "project");
    }

    @Test
    void writesATokenUpdateOfADryRunWithValidateOnlyLast() throws Exception {
        PushRequest request = read("{\"message_id\":\"m\",\"title\":\"t\",\"validate_only\":true,\"registration_tokens\":[\"tok-a\"]}");

        JsonNode event = json.readTree(events.tokenUpdate(request, TokenResult.updated(request.tokens().get(0), "tok-b")).body());

        assertThat(event.properties()).extracting(Map.Entry::getKey)
                .containsExactly("message_id", "push_code", "user", "old_token", "new_token", "project", "validate_only");
        assertThat(event.get("validate_only").booleanValue()).isTrue();
    }

    @Test
    void refusesTokenEventsForTargetsThatHaveNoToken() {
        PushRequest topic = read("{\"title\":\"t\",\"topic\":\"news\"}");
        PushRequest ids = read("{\"title\":\"t\",\"installation_ids\":[\"fid-a\"]}");
        DeviceToken news = topic.tokens().get(0);

        assertThatThrownBy(() -> events.tokenDelete(topic, TokenResult.failed(news, Outcome.TOKEN_DELETE, "X", Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> events.tokenUpdate(ids, TokenResult.updated(ids.tokens().get(0), "fid-b")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static PushRequest read(String body) {
        return PushRequestReader.withDefaults().read(body.getBytes(StandardCharsets.UTF_8), null);
    }
}
