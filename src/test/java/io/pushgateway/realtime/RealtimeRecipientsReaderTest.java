package io.pushgateway.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pushgateway.core.InvalidPushRequestException;
import io.pushgateway.core.RealtimeRecipients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RealtimeRecipientsReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode request(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    @Test
    void aRequestWithoutTheFieldsHasNoRecipients() throws Exception {
        assertThat(RealtimeRecipientsReader.read(request("{\"title\":\"t\",\"web_users\":null}")))
                .isEqualTo(RealtimeRecipients.NONE);
    }

    @Test
    void readsWebUsersAndGroupsInOrderAndOnceEach() throws Exception {
        var recipients = RealtimeRecipientsReader.read(request(
                "{\"web_users\":[\"bob\",\"alice\",\"bob\"],\"groups\":[\"g1\",\"team_B-2\"]}"));

        assertThat(recipients.webUsers()).containsExactly("bob", "alice");
        assertThat(recipients.groups()).containsExactly("g1", "team_B-2");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"web_users\":\"alice\"}",
            "{\"web_users\":[\"user.alice\"]}",
            "{\"web_users\":[\"\"]}",
            "{\"web_users\":[\"a*\"]}",
            "{\"web_users\":[17]}",
            "{\"groups\":{\"g1\":true}}",
            "{\"groups\":[\"g#\"]}",
            "{\"groups\":[null]}"})
    void refusesAnythingButArraysOfRoutingKeyWordsNamingTheField(String json) throws Exception {
        var refusal = catchThrowableOfType(InvalidPushRequestException.class,
                () -> RealtimeRecipientsReader.read(request(json)));

        assertThat(refusal.errorCode()).isEqualTo(InvalidPushRequestException.INVALID_REQUEST);
        assertThat(refusal.getMessage()).startsWith(json.contains("groups") ? "groups" : "web_users");
    }

    @Test
    void refusesAnIdLongerThan128Characters() throws Exception {
        String longId = "a".repeat(129);
        assertThat(catchThrowableOfType(InvalidPushRequestException.class,
                () -> RealtimeRecipientsReader.read(request("{\"groups\":[\"" + longId + "\"]}"))))
                .hasMessageContaining("groups[0]").hasMessageNotContaining(longId);
        assertThat(RealtimeRecipientsReader.read(request("{\"groups\":[\"" + "a".repeat(128) + "\"]}")).groups())
                .hasSize(1);
    }
}
