package io.pushgateway.emulator;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The v1 success body, {@code {"name":"projects/<project>/messages/<id>"}}, written byte for byte
 * as Jackson would write that object, without building and serialising a tree for every send.
 */
final class V1SuccessBody {

    private static final byte[] START = "{\"name\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\"}".getBytes(StandardCharsets.US_ASCII);

    /** The bytes up to the message id for the last project seen; senders rarely switch projects. */
    private record Prefix(String projectId, byte[] bytes) {
    }

    private volatile Prefix last = new Prefix(null, new byte[0]);

    byte[] forMessage(String projectId, String messageId) {
        Prefix prefix = last;
        if (!projectId.equals(prefix.projectId())) {
            prefix = new Prefix(projectId, concat(START, JsonStringEncoder.getInstance()
                    .quoteAsUTF8("projects/" + projectId + "/messages/")));
            last = prefix;
        }
        return concat(prefix.bytes(), JsonStringEncoder.getInstance().quoteAsUTF8(messageId), END);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] joined = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, joined, at, part.length);
            at += part.length;
        }
        return joined;
    }
}
