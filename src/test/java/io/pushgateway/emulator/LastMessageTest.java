package io.pushgateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LastMessageTest {

    private static final String PROJECT = "last-project";

    @TempDir
    static Path keyDir;

    private static FcmEmulator emulator;
    private static EmulatorHttp http;
    private static String bearer;

    @BeforeAll
    static void startEmulator() {
        emulator = FcmEmulator.start(EmulatorSettings.defaults());
        http = new EmulatorHttp();
        bearer = TestServiceAccount.load(emulator.writeServiceAccountFile(keyDir, PROJECT)).accessToken(http, emulator.tokenUrl());
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    @Test
    void keepsTheLastMessageReceivedForAToken() {
        String token = unique("tok");
        send("{\"message\":{\"token\":\"" + token + "\",\"data\":{\"n\":\"1\"}}}");
        send("{\"message\":{\"token\":\"" + token + "\",\"android\":{\"notification\":{\"icon\":\"mine\"}},"
                + "\"data\":{\"n\":\"2\"}}}");

        JsonNode message = emulator.lastMessageFor(token).orElseThrow();

        assertThat(message.at("/data/n").asText()).isEqualTo("2");
        assertThat(message.at("/android/notification/icon").asText()).isEqualTo("mine");
    }

    @Test
    void keepsAMessageTheEmulatorRefusedToo() {
        String token = unique("refused");
        send("{\"message\":{\"token\":\"" + token + "\",\"apns\":{\"typo\":true}}}");

        assertThat(emulator.lastMessageFor(token).orElseThrow().at("/apns/typo").asBoolean()).isTrue();
    }

    @Test
    void hasNoMessageForATargetNeverSentTo() {
        assertThat(emulator.lastMessageFor(unique("never"))).isEmpty();
    }

    @Test
    void servesTheLastMessageOfAConditionOnTheAdminEndpoint() {
        String condition = "'a' in topics && '" + unique("b") + "' in topics";
        send("{\"message\":{\"condition\":" + EmulatorHttp.JSON.valueToTree(condition) + ",\"data\":{\"k\":\"v+w\"}}}");

        HttpResponse<String> response = http.get(emulator.baseUrl() + "/emulator/last-message/" + pathSegment(condition));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = EmulatorHttp.json(response);
        assertThat(body.get("target").asText()).isEqualTo(condition);
        assertThat(body.at("/message/data/k").asText()).isEqualTo("v+w");
    }

    @Test
    void decodesAPlusInTheTargetAsAPlus() {
        String token = unique("a+b");
        send("{\"message\":{\"token\":\"" + token + "\"}}");

        HttpResponse<String> response = http.get(emulator.baseUrl() + "/emulator/last-message/" + token);

        assertThat(EmulatorHttp.json(response).at("/message/token").asText()).isEqualTo(token);
    }

    @Test
    void answers404OnTheAdminEndpointForATargetNeverSentTo() {
        HttpResponse<String> response = http.get(emulator.baseUrl() + "/emulator/last-message/" + unique("nobody"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(EmulatorHttp.json(response).get("error").asText()).contains("nobody");
    }

    @Test
    void forgetsTheLastMessagesOnReset() {
        String token = unique("reset");
        send("{\"message\":{\"token\":\"" + token + "\"}}");

        emulator.resetStats();

        assertThat(emulator.lastMessageFor(token)).isEmpty();
    }

    private static String pathSegment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void send(String body) {
        http.post(emulator.v1SendUrl(PROJECT), body, "Authorization", "Bearer " + bearer);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }
}
