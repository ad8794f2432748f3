package io.pushgateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LastMessageTest {

    private static final String PROJECT = "last-project";

    @RegisterExtension
    static final RunningEmulator fcm = RunningEmulator.serving(PROJECT);

    private static final EmulatorHttp http = new EmulatorHttp();

    @Test
    void keepsTheLastMessageReceivedForAToken() {
        String token = unique("tok");
        send("{\"message\":{\"token\":\"" + token + "\",\"data\":{\"n\":\"1\"}}}");
        send("{\"message\":{\"token\":\"" + token + "\",\"android\":{\"notification\":{\"icon\":\"mine\"}},"
                + "\"data\":{\"n\":\"2\"}}}");

        JsonNode message = fcm.emulator().lastMessageFor(token).orElseThrow();

        assertThat(message.at("/data/n").asText()).isEqualTo("2");
        assertThat(message.at("/android/notification/icon").asText()).isEqualTo("mine");
    }

    @Test
    void keepsAMessageTheEmulatorRefusedToo() {
        String token = unique("refused");
        send("{\"message\":{\"token\":\"" + token + "\",\"apns\":{\"typo\":true}}}");

        assertThat(fcm.emulator().lastMessageFor(token).orElseThrow().at("/apns/typo").asBoolean()).isTrue();
    }

    @Test
    void hasNoMessageForATargetNeverSentTo() {
        assertThat(fcm.emulator().lastMessageFor(unique("never"))).isEmpty();
    }

    @Test
    void servesTheLastMessageOfAConditionOnTheAdminEndpoint() {
        String condition = "'a' in topics && '" + unique("b") + "' in topics";
        send("{\"message\":{\"condition\":" + EmulatorHttp.JSON.valueToTree(condition) + ",\"data\":{\"k\":\"v+w\"}}}");

        HttpResponse<String> response = http.get(fcm.baseUrl() + "/emulator/last-message/" + pathSegment(condition));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = EmulatorHttp.json(response);
        assertThat(body.get("target").asText()).isEqualTo(condition);
        assertThat(body.at("/message/data/k").asText()).isEqualTo("v+w");
    }

    @Test
    void decodesAPlusInTheTargetAsAPlus() {
        String token = unique("a+b");
        send("{\"message\":{\"token\":\"" + token + "\"}}");

        HttpResponse<String> response = http.get(fcm.baseUrl() + "/emulator/last-message/" + token);

        assertThat(EmulatorHttp.json(response).at("/message/token").asText()).isEqualTo(token);
    }

    @Test
    void answers404OnTheAdminEndpointForATargetNeverSentTo() {
        HttpResponse<String> response = http.get(fcm.baseUrl() + "/emulator/last-message/" + unique("nobody"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(EmulatorHttp.json(response).get("error").asText()).contains("nobody");
    }

    @Test
    void forgetsTheLastMessagesOnReset() {
        String token = unique("reset");
        send("{\"message\":{\"token\":\"" + token + "\"}}");

        fcm.emulator().resetStats();

        assertThat(fcm.emulator().lastMessageFor(token)).isEmpty();
    }

    private static String pathSegment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void send(String body) {
        http.post(fcm.emulator().v1SendUrl(PROJECT), body, "Authorization", "Bearer " + fcm.bearer());
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }
}
