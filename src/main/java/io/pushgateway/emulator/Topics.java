package io.pushgateway.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** FCM's rules for topic names and conditions, the same on both APIs. */
final class Topics {

    /** FCM evaluates conditions of up to five topics. */
    static final int MAX_CONDITION_TOPICS = 5;
    /** Topic messages have half the payload room of messages to one device. */
    static final int PAYLOAD_LIMIT_BYTES = 2048;
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9-_.~%]+");
    /** {@code 'name' in topics}, with single or double quotes. */
    private static final Pattern TOPIC_IN_CONDITION = Pattern.compile("(['\"])([^'\"]*)\\1\\s+in\\s+topics");

    private Topics() {
    }

    static boolean isValidName(String topic) {
        return NAME.matcher(topic).matches();
    }

    /** The topics a condition names, in order; the rest of the expression is taken as FCM would parse it. */
    static List<String> namedIn(String condition) {
        List<String> topics = new ArrayList<>();
        Matcher matcher = TOPIC_IN_CONDITION.matcher(condition);
        while (matcher.find()) {
            topics.add(matcher.group(2));
        }
        return topics;
    }
}
