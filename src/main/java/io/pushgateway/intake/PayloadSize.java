package io.pushgateway.intake;

import java.util.Map;

/**
 * The size FCM counts against its 4096-byte limit: the UTF-8 bytes of the notification texts and
 * of every data key and value. Counted without encoding anything.
 */
final class PayloadSize {

    private PayloadSize() {
    }

    static long of(String title, String body, String icon, String image, Map<String, String> data) {
        long bytes = utf8Length(title) + utf8Length(body) + utf8Length(icon) + utf8Length(image);
        for (Map.Entry<String, String> entry : data.entrySet()) {
            bytes += utf8Length(entry.getKey()) + utf8Length(entry.getValue());
        }
        return bytes;
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
}
