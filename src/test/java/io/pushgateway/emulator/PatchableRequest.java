package io.pushgateway.emulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection's send request (head and body in one array, or the body alone for a client that
 * writes the head itself) whose tokens carry a fixed-width
 * sequence number at known offsets: a fresh set of tokens costs a few byte writes per call instead
 * of building a request, and Content-Length never changes.
 */
record PatchableRequest(byte[] bytes, int[] sequenceOffsets) {

    private static final int SEQUENCE_DIGITS = 9;
    private static final byte[] PLACEHOLDER = "#".repeat(SEQUENCE_DIGITS).getBytes(StandardCharsets.US_ASCII);

    /** Tokens look like {@code c<connection>-<sequence>[-<index>]}: distinct across connections and calls. */
    static PatchableRequest build(EmulatorLoadGenerator.Target target, int connection) {
        String tokenStem = "c" + connection + "-" + new String(PLACEHOLDER, StandardCharsets.US_ASCII);
        String body = target.v1() ? v1Body(tokenStem) : legacyBody(tokenStem, target.tokensPerCall());
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + target.path() + " HTTP/1.1\r\n"
                + "Host: " + target.host() + ":" + target.port() + "\r\n"
                + "Authorization: " + target.authorization() + "\r\n"
                + "Content-Type: application/json; charset=UTF-8\r\n"
                + "Content-Length: " + bodyBytes.length + "\r\n"
                + "\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + bodyBytes.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(bodyBytes, 0, all, headBytes.length, bodyBytes.length);
        return new PatchableRequest(all, offsetsOfPlaceholders(all));
    }

    /** The body alone, e.g. for an HTTP/2 client; tokens as in {@link #build}. */
    static PatchableRequest bodyOnly(EmulatorLoadGenerator.Target target, int connection) {
        String tokenStem = "c" + connection + "-" + new String(PLACEHOLDER, StandardCharsets.US_ASCII);
        String body = target.v1() ? v1Body(tokenStem) : legacyBody(tokenStem, target.tokensPerCall());
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        return new PatchableRequest(bodyBytes, offsetsOfPlaceholders(bodyBytes));
    }

    /** Writes {@code sequence} (modulo 10^9) into every token. */
    void patchSequence(long sequence) {
        for (int offset : sequenceOffsets) {
            long rest = sequence;
            for (int i = SEQUENCE_DIGITS - 1; i >= 0; i--) {
                bytes[offset + i] = (byte) ('0' + rest % 10);
                rest /= 10;
            }
        }
    }

    private static String v1Body(String token) {
        // What the gateway sends for the benchmark's requests (title "bench", body "b").
        return "{\"message\":{\"token\":\"" + token + "\",\"notification\":{\"title\":\"bench\",\"body\":\"b\"}}}";
    }

    private static String legacyBody(String tokenStem, int tokens) {
        StringBuilder out = new StringBuilder("{\"registration_ids\":[");
        for (int i = 0; i < tokens; i++) {
            out.append(i == 0 ? "" : ",").append('"').append(tokenStem).append('-').append(i).append('"');
        }
        return out.append("],\"notification\":{\"title\":\"bench\",\"body\":\"b\"}}").toString();
    }

    private static int[] offsetsOfPlaceholders(byte[] bytes) {
        List<Integer> found = new ArrayList<>();
        outer:
        for (int i = 0; i <= bytes.length - PLACEHOLDER.length; i++) {
            for (int j = 0; j < PLACEHOLDER.length; j++) {
                if (bytes[i + j] != PLACEHOLDER[j]) {
                    continue outer;
                }
            }
            found.add(i);
            i += PLACEHOLDER.length - 1;
        }
        return found.stream().mapToInt(Integer::intValue).toArray();
    }
}
