package io.pushgateway.emulator;

/**
 * The header lines of one request, kept as the raw head text plus the offsets of each name and
 * value. A lookup scans a handful of lines, which is cheaper than building a map per request when
 * a send only ever asks for two or three headers.
 */
final class RequestHeaders {

    private final String head;
    /** Per header four offsets into {@link #head}: name start, name end, value start, value end (trimmed). */
    private final int[] offsets;
    private final int count;

    RequestHeaders(String head, int[] offsets, int count) {
        this.head = head;
        this.offsets = offsets;
        this.count = count;
    }

    /** The first value of {@code name} (case-insensitive), or null. */
    String first(String name) {
        for (int i = 0; i < count; i++) {
            if (isNamed(i, name)) {
                return valueOf(i);
            }
        }
        return null;
    }

    /** Whether any value of {@code name} is a comma-separated list holding {@code token} (case-insensitive). */
    boolean hasToken(String name, String token) {
        for (int i = 0; i < count; i++) {
            if (isNamed(i, name)) {
                for (String part : valueOf(i).split(",")) {
                    if (part.trim().equalsIgnoreCase(token)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** How many header lines carry {@code name}. */
    int countOf(String name) {
        int found = 0;
        for (int i = 0; i < count; i++) {
            if (isNamed(i, name)) {
                found++;
            }
        }
        return found;
    }

    private boolean isNamed(int header, String name) {
        int nameStart = offsets[header * 4];
        int nameLength = offsets[header * 4 + 1] - nameStart;
        return nameLength == name.length() && head.regionMatches(true, nameStart, name, 0, nameLength);
    }

    private String valueOf(int header) {
        return head.substring(offsets[header * 4 + 2], offsets[header * 4 + 3]);
    }
}
