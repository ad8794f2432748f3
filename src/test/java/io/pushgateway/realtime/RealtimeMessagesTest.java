package io.pushgateway.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushgateway.core.PushRequest;
import io.pushgateway.intake.BodyDigest;
import io.pushgateway.intake.IntakeLimits;
import io.pushgateway.intake.PushRequestReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RealtimeMessagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-02T06:30:00.123Z");

    private final RealtimeMessages messages = new RealtimeMessages(JSON);
    private final PushRequestReader reader = new PushRequestReader(IntakeLimits.defaults(), BodyDigest::messageId, true);

    private PushRequest read(String json) {
        return reader.read(json.getBytes(StandardCharsets.UTF_8), null);
    }

    @Test
    void everyUserOfATokenMapAndEveryWebUserAndGroupGetsOneMessage() {
        var plan = messages.plan(read("{\"title\":\"t\",\"message_id\":\"m-1\","
                + "\"registration_tokens\":{\"alice\":\"tok-a\",\"bob\":\"tok-b\"},"
                + "\"web_users\":[\"carol\",\"alice\"],\"groups\":[\"g1\"]}"), NOW);

        assertThat(plan.messages()).extracting(RealtimeMessage::routingKey)
                .containsExactly("user.alice", "user.bob", "user.carol", "group.g1");
        assertThat(plan.messages()).extracting(RealtimeMessage::messageId).containsOnly("m-1");
        assertThat(plan.skippedUserKeys()).isZero();
    }

    @Test
    void theKeysOfAnInstallationIdMapAreUsersToo() {
        // Built directly: reading installation_ids is the intake's part (contract section 2).
        var original = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.createObjectNode()
                .set("installation_ids", JSON.createObjectNode().put("dave", "fid-1"));
        var request = new PushRequest("m-3", null, "t", null, null, null, java.util.Map.of(), null, null, null,
                java.util.List.of(), true, original);

        var plan = messages.plan(request, NOW);

        assertThat(plan.messages()).extracting(RealtimeMessage::routingKey).containsExactly("user.dave");
    }

    @Test
    void aTokenListHasNoUsersAndATokenMapKeyThatIsNoIdIsSkippedAndCounted() {
        assertThat(messages.plan(read("{\"title\":\"t\",\"registration_tokens\":[\"tok-a\"]}"), NOW).messages())
                .isEmpty();

        var plan = messages.plan(read("{\"title\":\"t\","
                + "\"registration_tokens\":{\"user.17\":\"tok-a\",\"ok_user\":\"tok-b\",\"a b\":\"tok-c\"}}"), NOW);
        assertThat(plan.messages()).extracting(RealtimeMessage::routingKey).containsExactly("user.ok_user");
        assertThat(plan.skippedUserKeys()).isEqualTo(2);
    }

    @Test
    void theBodyCarriesTheContractFieldsAndLeavesAbsentOnesOut() throws Exception {
        var full = messages.plan(read("{\"push_code\":\"COMMENT_REPLY\",\"title\":\"T\",\"body\":\"B\","
                + "\"icon\":\"ic\",\"image\":\"https://x.invalid/a.png\",\"data\":{\"post_id\":42},"
                + "\"message_id\":\"m-2\",\"priority\":\"high\",\"registration_tokens\":{\"alice\":\"tok\"}}"), NOW);
        JsonNode body = JSON.readTree(full.messages().get(0).body());
        assertThat(body.toString()).isEqualTo("{\"message_id\":\"m-2\",\"push_code\":\"COMMENT_REPLY\",\"title\":\"T\","
                + "\"body\":\"B\",\"icon\":\"ic\",\"image\":\"https://x.invalid/a.png\",\"data\":{\"post_id\":\"42\"},"
                + "\"sent_at\":\"2026-12-02T06:30:00.123Z\"}");

        var bare = messages.plan(read("{\"data\":{\"k\":\"v\"},\"web_users\":[\"alice\"]}"), NOW);
        JsonNode bareBody = JSON.readTree(bare.messages().get(0).body());
        assertThat(bareBody.fieldNames()).toIterable().containsExactly("message_id", "data", "sent_at");
        assertThat(bareBody.path("message_id").asText()).startsWith("sha256-");
    }
}
