package io.pushgateway.emulator;

import java.io.ByteArrayOutputStream;

/**
 * A decoded {@code Transfer-Encoding: chunked} request body and the index just past its end in the
 * read buffer. Decoding starts over each time more bytes arrive; chunked requests are rare here
 * (the clients in use send Content-Length), so simplicity wins over incremental state.
 */
record ChunkedBody(byte[] bytes, int end) {

    /** Null until the whole chunked body (with its trailer section) is in the buffer. */
    static ChunkedBody decode(byte[] buffer, int from, int to, int maxBytes) throws RequestReader.Malformed {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = from;
        while (true) {
            int lineEnd = indexOf(buffer, (byte) '\n', at, to);
            if (lineEnd < 0) {
                return null;
            }
            long size = chunkSize(buffer, at, lineEnd);
            at = lineEnd + 1;
            if (size == 0) {
                return skipTrailers(buffer, at, to, out);
            }
            if (out.size() + size > maxBytes) {
                throw new RequestReader.Malformed(413, "Request body too large");
            }
            if (to - at < size) {
                return null;
            }
            out.write(buffer, at, (int) size);
            at += (int) size;
            int dataEnd = indexOf(buffer, (byte) '\n', at, to);
            if (dataEnd < 0) {
                return null;
            }
            at = dataEnd + 1;
        }
    }

    private static ChunkedBody skipTrailers(byte[] buffer, int at, int to, ByteArrayOutputStream out) {
        while (true) {
            int lineEnd = indexOf(buffer, (byte) '\n', at, to);
            if (lineEnd < 0) {
                return null;
            }
            boolean empty = lineEnd == at || (lineEnd == at + 1 && buffer[at] == '\r');
            at = lineEnd + 1;
            if (empty) {
                return new ChunkedBody(out.toByteArray(), at);
            }
        }
    }

    private static long chunkSize(byte[] buffer, int from, int lineEnd) throws RequestReader.Malformed {
        long size = 0;
        int digits = 0;
        for (int i = from; i < lineEnd && buffer[i] != ';' && buffer[i] != '\r' && buffer[i] != ' '; i++, digits++) {
            int digit = Character.digit(buffer[i], 16);
            if (digit < 0 || digits >= 8) {
                throw new RequestReader.Malformed(400, "Bad chunk size");
            }
            size = size * 16 + digit;
        }
        if (digits == 0) {
            throw new RequestReader.Malformed(400, "Bad chunk size");
        }
        return size;
    }

    private static int indexOf(byte[] buffer, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
