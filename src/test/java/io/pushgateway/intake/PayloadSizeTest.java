package io.pushgateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgateway.core.PlatformBlocks;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PayloadSizeTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "plain ascii", "Grüße", "€ and ✓", "emoji 👋🏽 pair", "中文标题", "mixed é€👋a"})
    void countsTheSameBytesAsEncodingToUtf8(String text) {
        assertThat(PayloadSize.utf8Length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void addsNotificationTextsAndEveryDataKeyAndValue() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("post_id", "42");
        data.put("kind", "reply");

        long size = PayloadSize.of("title", null, "icon", "é", data);

        assertThat(size).isEqualTo(5 + 4 + 2 + 7 + 2 + 4 + 5);
    }

    @Test
    void addsEachPresentPlatformBlockAsCompactUtf8Json() throws Exception {
        var android = (com.fasterxml.jackson.databind.node.ObjectNode) ReaderTesting.JSON.readTree("{ \"ttl\" : \"1s\" }");
        var apns = (com.fasterxml.jackson.databind.node.ObjectNode) ReaderTesting.JSON.readTree("{\"payload\":{\"aps\":{\"sound\":\"é\"}}}");

        long size = PayloadSize.of("title", null, null, null, Map.of(), new PlatformBlocks(android, apns, null, null));

        assertThat(size).isEqualTo(5 + "{\"ttl\":\"1s\"}".length() + "{\"payload\":{\"aps\":{\"sound\":\"é\"}}}".length() + 1);
    }
}
