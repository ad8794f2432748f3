package io.pushgateway.intake;

/**
 * Size limits the {@link PushRequestReader} enforces before a request may be sent.
 *
 * @param maxPayloadBytes UTF-8 bytes of title, body, icon, image and every data key and value;
 *                        FCM refuses messages over 4096 bytes, so a larger request can never be sent
 * @param maxTokens       entries of {@code registration_tokens}, counted as listed (before duplicates
 *                        are dropped); bounds the work and the memory one request can cause
 * @param maxBodyBytes    bytes of the whole message body; checked before parsing, so an oversized
 *                        body costs no parse at all
 */
public record IntakeLimits(int maxPayloadBytes, int maxTokens, int maxBodyBytes) {

    /** FCM's own limit for a message to a token (legacy and HTTP v1 alike). */
    public static final int FCM_MAX_PAYLOAD_BYTES = 4096;

    public static final int DEFAULT_MAX_TOKENS = 100_000;

    /**
     * Real FCM tokens are about 160 characters, so a request at {@link #DEFAULT_MAX_TOKENS} is
     * 17-20 MB of JSON (more in map form). The body limit must let such a request through, or
     * the token limit would be a lie.
     */
    public static final int DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

    public IntakeLimits {
        requirePositive("maxPayloadBytes", maxPayloadBytes);
        requirePositive("maxTokens", maxTokens);
        requirePositive("maxBodyBytes", maxBodyBytes);
    }

    public static IntakeLimits defaults() {
        return new IntakeLimits(FCM_MAX_PAYLOAD_BYTES, DEFAULT_MAX_TOKENS, DEFAULT_MAX_BODY_BYTES);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
