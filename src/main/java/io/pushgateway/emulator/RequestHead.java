package io.pushgateway.emulator;

import java.util.Arrays;
import java.util.Locale;

/**
 * The parsed head of one request: request line, headers and how its body is framed. {@code length}
 * is the size of the head in bytes, including the empty line that ends it.
 */
record RequestHead(String method, String rawPath, boolean http11, RequestHeaders headers, int length,
                   boolean chunked, long contentLength, boolean expectsContinue) {

    /** {@code text} is the whole head, request line to empty line; {@code length} its size in bytes. */
    static RequestHead parse(String text, int length) throws RequestReader.Malformed {
        int lineEnd = text.indexOf('\n');
        String requestLine = stripCr(text.substring(0, lineEnd));
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new RequestReader.Malformed(400, "Bad request line");
        }
        boolean http11;
        if (parts[2].equals("HTTP/1.1")) {
            http11 = true;
        } else if (parts[2].equals("HTTP/1.0")) {
            http11 = false;
        } else {
            throw new RequestReader.Malformed(505, "HTTP version not supported");
        }
        RequestHeaders headers = headersOf(text, lineEnd + 1);
        boolean chunked = false;
        long contentLength = 0;
        String transferEncoding = headers.first("Transfer-Encoding");
        if (transferEncoding != null) {
            if (!transferEncoding.toLowerCase(Locale.ROOT).endsWith("chunked")) {
                throw new RequestReader.Malformed(501, "Unsupported Transfer-Encoding");
            }
            chunked = true;
        } else {
            contentLength = contentLengthOf(headers);
        }
        boolean expectsContinue = http11 && headers.hasToken("Expect", "100-continue");
        return new RequestHead(parts[0], rawPathOf(parts[1]), http11, headers, length, chunked, contentLength, expectsContinue);
    }

    private static RequestHeaders headersOf(String text, int from) throws RequestReader.Malformed {
        int[] offsets = new int[32];
        int count = 0;
        int lineStart = from;
        while (lineStart < text.length()) {
            int lineEnd = text.indexOf('\n', lineStart);
            int contentEnd = lineEnd > lineStart && text.charAt(lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd;
            if (contentEnd == lineStart) {
                break;
            }
            int colon = text.indexOf(':', lineStart);
            if (colon <= lineStart || colon > contentEnd || Character.isWhitespace(text.charAt(lineStart))
                    || Character.isWhitespace(text.charAt(colon - 1))) {
                throw new RequestReader.Malformed(400, "Bad header line");
            }
            int valueStart = colon + 1;
            int valueEnd = contentEnd;
            while (valueStart < valueEnd && isBlank(text.charAt(valueStart))) {
                valueStart++;
            }
            while (valueEnd > valueStart && isBlank(text.charAt(valueEnd - 1))) {
                valueEnd--;
            }
            if ((count + 1) * 4 > offsets.length) {
                offsets = Arrays.copyOf(offsets, offsets.length * 2);
            }
            offsets[count * 4] = lineStart;
            offsets[count * 4 + 1] = colon;
            offsets[count * 4 + 2] = valueStart;
            offsets[count * 4 + 3] = valueEnd;
            count++;
            lineStart = lineEnd + 1;
        }
        return new RequestHeaders(text, offsets, count);
    }

    private static long contentLengthOf(RequestHeaders headers) throws RequestReader.Malformed {
        String value = headers.first("Content-Length");
        if (value == null) {
            return 0;
        }
        if (headers.countOf("Content-Length") > 1) {
            throw new RequestReader.Malformed(400, "More than one Content-Length");
        }
        long length;
        try {
            length = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new RequestReader.Malformed(400, "Bad Content-Length");
        }
        if (length < 0) {
            throw new RequestReader.Malformed(400, "Bad Content-Length");
        }
        if (length > RequestReader.MAX_BODY_BYTES) {
            throw new RequestReader.Malformed(413, "Request body too large");
        }
        return length;
    }

    /** The path of an origin-form or absolute-form target, without query or fragment. */
    private static String rawPathOf(String target) {
        String path = target;
        int scheme = target.indexOf("://");
        if (scheme > 0 && target.charAt(0) != '/') {
            int slash = target.indexOf('/', scheme + 3);
            path = slash < 0 ? "/" : target.substring(slash);
        }
        int cut = path.length();
        int query = path.indexOf('?');
        int fragment = path.indexOf('#');
        if (query >= 0) {
            cut = query;
        }
        if (fragment >= 0 && fragment < cut) {
            cut = fragment;
        }
        return path.substring(0, cut);
    }

    private static String stripCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
