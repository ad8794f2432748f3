package io.pushgateway.realtime;

import java.util.regex.Pattern;

/**
 * Which user and group ids can be routing-key words: {@code [A-Za-z0-9_-]{1,128}}. A dot would
 * split the key into two words (so {@code user.a.b} would match {@code user.*} bindings it was
 * never meant for), and the broker puts user names into topic-permission regexes unescaped.
 */
public final class RecipientIds {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private RecipientIds() {
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    public static String userKey(String user) {
        return "user." + user;
    }

    public static String groupKey(String group) {
        return "group." + group;
    }
}
