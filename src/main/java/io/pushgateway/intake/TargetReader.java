package io.pushgateway.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pushgateway.core.DeviceToken;
import io.pushgateway.core.InvalidPushRequestException;
import io.pushgateway.core.JsonText;
import io.pushgateway.core.TargetKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds the request's one target (contract section 2, "Targets") and reads it into device
 * targets: the tokens or ids of a list, or a single {@link DeviceToken} without user holding the
 * topic name or the condition, so the send path iterates {@link PushRequest#tokens()} for all.
 *
 * <p>A target field counts as given when it is present and not JSON null, so an empty list next
 * to a topic is two targets, not one: the producer meant something we cannot guess.
 */
final class TargetReader {

    /** FCM's topic name characters; the name is given without {@code /topics/}. */
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9\\-_.~%]+");
    private static final String TOPICS_PREFIX = "/topics/";

    private final TokenListReader tokens;
    private final TokenListReader installationIds;
    private final boolean legacyProtocol;

    TargetReader(int maxTokens, boolean legacyProtocol) {
        this.tokens = new TokenListReader(TargetKind.TOKEN, maxTokens);
        this.installationIds = new TokenListReader(TargetKind.FID, maxTokens);
        this.legacyProtocol = legacyProtocol;
    }

    /** The target of a request, with its devices (or its one topic or condition) in the order received. */
    record Target(TargetKind kind, List<DeviceToken> list, boolean asMap) {
    }

    Target read(ObjectNode request) {
        TargetKind kind = theOneGiven(request);
        JsonNode value = request.get(kind.requestField());
        return switch (kind) {
            case TOKEN -> fromList(kind, tokens.read(value));
            case FID -> {
                if (legacyProtocol) {
                    throw InvalidPushRequestException.invalidRequest(kind.requestField()
                            + " is not supported on the legacy protocol: it has no installation ids (FCM HTTP v1 only)");
                }
                yield fromList(kind, installationIds.read(value));
            }
            case TOPIC -> single(kind, topic(value));
            case CONDITION -> single(kind, condition(value));
        };
    }

    private static TargetKind theOneGiven(ObjectNode request) {
        List<TargetKind> given = new ArrayList<>(1);
        for (TargetKind kind : TargetKind.values()) {
            if (!ScalarFields.isAbsent(request.get(kind.requestField()))) {
                given.add(kind);
            }
        }
        if (given.isEmpty()) {
            throw InvalidPushRequestException.noTokens("no target: a request needs one of " + allFieldNames()
                    + ", and has none of them");
        }
        if (given.size() > 1) {
            throw InvalidPushRequestException.invalidRequest("a request takes exactly one target, got "
                    + given.stream().map(TargetKind::requestField).collect(Collectors.joining(" and ")));
        }
        return given.get(0);
    }

    private static String allFieldNames() {
        return Arrays.stream(TargetKind.values()).map(TargetKind::requestField).collect(Collectors.joining(", "));
    }

    private static Target fromList(TargetKind kind, TokenListReader.Tokens read) {
        return new Target(kind, read.list(), read.asMap());
    }

    private static Target single(TargetKind kind, String value) {
        return new Target(kind, List.of(new DeviceToken(null, value)), false);
    }

    private static String topic(JsonNode value) {
        String topic = text(TargetKind.TOPIC, value);
        if (topic.startsWith(TOPICS_PREFIX)) {
            throw InvalidPushRequestException.invalidRequest("topic is the bare topic name, without "
                    + TOPICS_PREFIX + ": got " + JsonText.quoted(topic));
        }
        if (!TOPIC_NAME.matcher(topic).matches()) {
            throw InvalidPushRequestException.invalidRequest("topic must be a name of the characters "
                    + "a-z A-Z 0-9 - _ . ~ %, got " + JsonText.quoted(topic));
        }
        return topic;
    }

    private static String condition(JsonNode value) {
        String condition = text(TargetKind.CONDITION, value);
        if (condition.isBlank()) {
            throw InvalidPushRequestException.invalidRequest(
                    "condition is empty: it must be an FCM condition such as 'a' in topics && 'b' in topics");
        }
        return condition;
    }

    private static String text(TargetKind kind, JsonNode value) {
        if (!value.isTextual()) {
            throw InvalidPushRequestException.invalidRequest(
                    kind.requestField() + " must be a string, got " + JsonText.typeName(value));
        }
        return ScalarFields.requireWellFormed(kind.requestField(), value.textValue());
    }
}
