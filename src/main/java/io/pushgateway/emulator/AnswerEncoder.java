package io.pushgateway.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * Turns an {@link HttpAnswer} into the exact bytes of an HTTP/1.1 answer, head and body in one
 * array, so each answer leaves in a single write. One instance per event loop: it caches the
 * {@code Date} header for the current second and is not thread-safe.
 */
final class AnswerEncoder {

    static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    /** IMF-fixdate (RFC 9110): two-digit day, always GMT. */
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(200, "OK"), Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"),
            Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"),
            Map.entry(413, "Payload Too Large"), Map.entry(429, "Too Many Requests"),
            Map.entry(431, "Request Header Fields Too Large"), Map.entry(500, "Internal Server Error"),
            Map.entry(501, "Not Implemented"), Map.entry(503, "Service Unavailable"),
            Map.entry(505, "HTTP Version Not Supported"));

    private final StringBuilder head = new StringBuilder(256);
    private long dateSecond = -1;
    private String dateLine = "";

    /**
     * The answer's bytes; a HEAD request gets the head only, and {@code close} announces that the
     * connection ends after this answer.
     */
    byte[] encode(HttpAnswer answer, boolean headRequest, boolean close) {
        byte[] body = answer.body();
        head.setLength(0);
        head.append("HTTP/1.1 ").append(answer.status()).append(' ')
                .append(REASONS.getOrDefault(answer.status(), "Status")).append("\r\n");
        head.append(currentDateLine());
        head.append("Content-Type: ").append(answer.contentType()).append("\r\n");
        head.append("Content-Length: ").append(body.length).append("\r\n");
        answer.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (close) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        int headLength = head.length();
        int bodyLength = headRequest ? 0 : body.length;
        byte[] bytes = new byte[headLength + bodyLength];
        for (int i = 0; i < headLength; i++) {
            // Header text is ASCII (ISO-8859-1 at most), one byte per char.
            bytes[i] = (byte) head.charAt(i);
        }
        System.arraycopy(body, 0, bytes, headLength, bodyLength);
        return bytes;
    }

    private String currentDateLine() {
        long now = System.currentTimeMillis();
        long second = now / 1000;
        if (second != dateSecond) {
            dateSecond = second;
            dateLine = "Date: " + HTTP_DATE.format(Instant.ofEpochSecond(second)) + "\r\n";
        }
        return dateLine;
    }
}
