package io.pushgateway.emulator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The input side of one connection: a growing byte buffer filled from the socket and an HTTP/1.x
 * request parser over it. Requests may arrive in any number of pieces; {@link #next()} returns one
 * only once it is complete (head, then a Content-Length or chunked body).
 */
final class RequestReader {

    static final int MAX_HEAD_BYTES = 64 * 1024;
    /** Far above FCM's own limits (4 KB payload, 1000 tokens), but bounded. */
    static final int MAX_BODY_BYTES = 32 * 1024 * 1024;
    private static final int INITIAL_BUFFER = 8 * 1024;
    private static final int MAX_BUFFER = MAX_HEAD_BYTES + MAX_BODY_BYTES + 64 * 1024;

    /** A request the server must refuse; the connection answers it and closes. */
    static final class Malformed extends Exception {
        final int status;

        Malformed(int status, String reason) {
            super(reason, null, false, false);
            this.status = status;
        }
    }

    /** A complete request, head and decoded body. */
    record Request(String method, String rawPath, boolean http11, RequestHeaders headers, byte[] body) {
    }

    private byte[] buffer = new byte[INITIAL_BUFFER];
    private ByteBuffer view = ByteBuffer.wrap(buffer);
    private int start;
    private int end;
    /** Where the search for the end of the head resumes, relative to {@link #start}. */
    private int headScanned;
    private RequestHead head;
    private boolean continueSent;

    /**
     * Reads what the socket has; -1 at end of stream, 0 when nothing came or there was no room.
     * {@code mayGrow} false keeps the buffer at its size, e.g. for pipelined requests that arrive
     * while the current one is still being answered.
     */
    int readFrom(SocketChannel channel, boolean mayGrow) throws IOException {
        if (!makeRoom(mayGrow)) {
            return 0;
        }
        view.limit(buffer.length).position(end);
        int read = channel.read(view);
        if (read > 0) {
            end += read;
        }
        return read;
    }

    /** Whether a read could take more bytes without growing the buffer. */
    boolean hasRoom() {
        return end < buffer.length || start > 0;
    }

    /** Whether the buffer has reached its limit without holding a complete request. */
    boolean isFull() {
        return end - start >= MAX_BUFFER;
    }

    /** True once per request whose client waits for {@code 100 Continue} before sending the body. */
    boolean takeContinueRequest() {
        if (head != null && head.expectsContinue() && !continueSent) {
            continueSent = true;
            return true;
        }
        return false;
    }

    /** The next complete request, or null until more bytes arrive. */
    Request next() throws Malformed {
        if (head == null) {
            head = parseHead();
            if (head == null) {
                return null;
            }
        }
        int bodyStart = start + head.length();
        byte[] body;
        int consumed;
        if (head.chunked()) {
            ChunkedBody chunked = ChunkedBody.decode(buffer, bodyStart, end, MAX_BODY_BYTES);
            if (chunked == null) {
                return null;
            }
            body = chunked.bytes();
            consumed = chunked.end() - start;
        } else {
            if (end - bodyStart < head.contentLength()) {
                return null;
            }
            body = Arrays.copyOfRange(buffer, bodyStart, bodyStart + (int) head.contentLength());
            consumed = head.length() + (int) head.contentLength();
        }
        Request request = new Request(head.method(), head.rawPath(), head.http11(), head.headers(), body);
        start += consumed;
        if (start == end) {
            start = 0;
            end = 0;
        }
        head = null;
        headScanned = 0;
        continueSent = false;
        return request;
    }

    private boolean makeRoom(boolean mayGrow) {
        if (end < buffer.length) {
            return true;
        }
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
            return true;
        }
        if (!mayGrow || buffer.length >= MAX_BUFFER) {
            return false;
        }
        buffer = Arrays.copyOf(buffer, Math.min(MAX_BUFFER, buffer.length * 2));
        view = ByteBuffer.wrap(buffer);
        return true;
    }

    private RequestHead parseHead() throws Malformed {
        skipLeadingEmptyLines();
        int headEnd = findHeadEnd();
        if (headEnd < 0) {
            if (end - start > MAX_HEAD_BYTES) {
                throw new Malformed(431, "Request header fields too large");
            }
            return null;
        }
        String text = new String(buffer, start, headEnd - start, StandardCharsets.ISO_8859_1);
        return RequestHead.parse(text, headEnd - start);
    }

    /** RFC 9112 lets a server ignore empty lines before the request line (left over from a previous body). */
    private void skipLeadingEmptyLines() {
        while (start < end && (buffer[start] == '\r' || buffer[start] == '\n')) {
            start++;
        }
        if (start == end) {
            start = 0;
            end = 0;
        }
    }

    /** The index just past the empty line that ends the head, or -1 while it has not arrived. */
    private int findHeadEnd() {
        for (int i = Math.max(start, start + headScanned - 3); i < end; i++) {
            if (buffer[i] != '\n') {
                continue;
            }
            if (i >= start + 1 && buffer[i - 1] == '\n') {
                return i + 1;
            }
            if (i >= start + 2 && buffer[i - 1] == '\r' && buffer[i - 2] == '\n') {
                return i + 1;
            }
        }
        headScanned = end - start;
        return -1;
    }
}
