package io.pushgateway.intake;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The message id of a request that brought none (contract section 2): made from its bytes, so a
 * redelivered request keeps its id and clients can drop real-time repeats by it (section 6).
 */
public final class BodyDigest {

    /** 128 bits of SHA-256: collisions between distinct requests are not a practical concern. */
    private static final int HEX_CHARS = 32;

    private BodyDigest() {
    }

    public static String messageId(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "sha256-" + HexFormat.of().formatHex(digest).substring(0, HEX_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
