package io.pushgateway.emulator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The load generator's side of one connection: reads answers as bytes arrive and reports each
 * complete one (status line, headers, Content-Length body, which is skipped). The emulator always
 * answers with a fixed length, never chunked.
 */
final class AnswerParser {

    private final byte[] buffer = new byte[64 * 1024];
    private final ByteBuffer view = ByteBuffer.wrap(buffer);
    private int start;
    private int end;
    /** Body bytes of the current answer still to skip; -1 while its head is incomplete. */
    private long bodyLeft = -1;
    private int status;
    private boolean closeAfterThis;

    /** Reads what the socket has; -1 at end of stream. */
    int readFrom(SocketChannel channel) throws IOException {
        if (end == buffer.length) {
            compact();
        }
        view.limit(buffer.length).position(end);
        int read = channel.read(view);
        if (read > 0) {
            end += read;
        }
        return read;
    }

    /** The status of the next complete answer, consuming it; -1 until one is complete. */
    int nextStatus() throws IOException {
        if (bodyLeft < 0 && !parseHead()) {
            return -1;
        }
        long take = Math.min(bodyLeft, end - start);
        start += (int) take;
        bodyLeft -= take;
        if (start == end) {
            start = 0;
            end = 0;
        }
        if (bodyLeft > 0) {
            return -1;
        }
        bodyLeft = -1;
        return status;
    }

    /** Whether the last complete answer announced {@code Connection: close}. */
    boolean closeAfterThis() {
        return closeAfterThis;
    }

    private boolean parseHead() throws IOException {
        int headEnd = -1;
        for (int i = start; i + 3 < end; i++) {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n') {
                headEnd = i;
                break;
            }
        }
        if (headEnd < 0) {
            if (start == 0 && end == buffer.length) {
                throw new IOException("answer head longer than " + buffer.length + " bytes");
            }
            return false;
        }
        String head = new String(buffer, start, headEnd - start, StandardCharsets.ISO_8859_1);
        start = headEnd + 4;
        if (!head.startsWith("HTTP/1.") || head.length() < 12) {
            throw new IOException("not an HTTP/1.x answer: " + head.lines().findFirst().orElse(""));
        }
        status = Integer.parseInt(head.substring(9, 12));
        bodyLeft = 0;
        closeAfterThis = false;
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                bodyLeft = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                throw new IOException("chunked answers are not expected from the emulator");
            } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                closeAfterThis = true;
            }
        }
        return true;
    }

    private void compact() {
        System.arraycopy(buffer, start, buffer, 0, end - start);
        end -= start;
        start = 0;
    }
}
