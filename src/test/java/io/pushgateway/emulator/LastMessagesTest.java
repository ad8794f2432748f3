package io.pushgateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LastMessagesTest {

    @Test
    void forgetsTheTargetHeardOfLongestAgoBeyondItsCapacity() {
        LastMessages messages = new LastMessages();
        messages.received("first", body("first"));
        messages.received("second", body("second"));
        // Heard of again: now the second is the oldest.
        messages.received("first", body("first"));

        for (int i = 0; i < LastMessages.CAPACITY - 1; i++) {
            messages.received("filler-" + i, body("filler"));
        }

        assertThat(messages.messageFor("first")).isPresent();
        assertThat(messages.messageFor("second")).isEmpty();
        assertThat(messages.messageFor("filler-0")).isPresent();
    }

    @Test
    void answersTheMessageObjectOfTheStoredBody() {
        LastMessages messages = new LastMessages();
        messages.received("t", body("t"));

        assertThat(messages.messageFor("t").orElseThrow().get("token").asText()).isEqualTo("t");
    }

    private static byte[] body(String token) {
        return ("{\"message\":{\"token\":\"" + token + "\"}}").getBytes(StandardCharsets.UTF_8);
    }
}
