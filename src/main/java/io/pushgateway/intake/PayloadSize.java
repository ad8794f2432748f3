package io.pushgateway.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushgateway.core.PlatformBlocks;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The size FCM counts against its 4096-byte limit: the UTF-8 bytes of the notification texts, of
 * every data key and value, and of the platform blocks as compact JSON. Texts are counted
 * without encoding anything; blocks are written to a counter, never to a buffer.
 */
final class PayloadSize {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PayloadSize() {
    }

    static long of(String title, String body, String icon, String image, Map<String, String> data) {
        long bytes = utf8Length(title) + utf8Length(body) + utf8Length(icon) + utf8Length(image);
        for (Map.Entry<String, String> entry : data.entrySet()) {
            bytes += utf8Length(entry.getKey()) + utf8Length(entry.getValue());
        }
        return bytes;
    }

    static long of(String title, String body, String icon, String image, Map<String, String> data,
                   PlatformBlocks blocks) {
        return of(title, body, icon, image, data) + blocks.present().mapToLong(PayloadSize::serializedLength).sum();
    }

    /** Bytes of the node written as compact UTF-8 JSON; its text must be well-formed (the readers check). */
    static long serializedLength(JsonNode node) {
        ByteCounter counter = new ByteCounter();
        try {
            JSON.writeValue(counter, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counter.bytes;
    }

    /** UTF-8 length of well-formed text; null counts as nothing. */
    static long utf8Length(String text) {
        if (text == null) {
            return 0;
        }
        long bytes = 0;
        for (int i = 0, length = text.length(); i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800 || Character.isSurrogate(c)) {
                // A surrogate pair is one 4-byte code point: 2 bytes for each half.
                bytes += 2;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static final class ByteCounter extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
