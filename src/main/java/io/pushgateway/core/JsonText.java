package io.pushgateway.core;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** Small text helpers shared by the field readers: type names and bounded quotes for details. */
public final class JsonText {

    /** Keeps error details (an AMQP header) short even when a producer sends an absurd key. */
    private static final int MAX_QUOTED_CHARS = 64;

    private JsonText() {
    }

    /** The JSON type of a value as a producer would call it: string, number, boolean, object, array, null. */
    public static String typeName(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    /** A key as JSON spells it, e.g. {@code "user-17"}, shortened if very long. */
    public static String quoted(String key) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(abbreviate(key))) + '"';
    }

    public static String abbreviate(String text) {
        if (text.length() <= MAX_QUOTED_CHARS) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(MAX_QUOTED_CHARS - 1)) ? MAX_QUOTED_CHARS - 1 : MAX_QUOTED_CHARS;
        return text.substring(0, end) + "...";
    }

    /**
     * False when the string holds a lone UTF-16 surrogate, which JSON allows as {@code \ud800} but
     * which has no UTF-8 form: such a request could be neither sent to FCM nor echoed in events.
     */
    public static boolean isWellFormedUnicode(String text) {
        for (int i = 0, length = text.length(); i < length; i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            }
        }
        return true;
    }
}
