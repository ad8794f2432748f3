package io.pushgateway.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Judges an authorized v1 {@code messages:send} body: JSON shape (every field FCM knows, see
 * {@link V1MessageShape}), exactly one target, payload size, then the target's own rules
 * ({@link TokenRules}, topic names, conditions). The checks run in that order and the first
 * failure answers, as Google's proto decoder stops at the first problem.
 *
 * <p>{@code validate_only: true} is judged the same way, errors included; its success answer is
 * {@code projects/<p>/messages/fake_message_id} and it counts as a validation, not a delivery.
 */
final class V1SendJudge {

    /** What FCM names the message of a dry run. */
    static final String DRY_RUN_MESSAGE_ID = "fake_message_id";
    private static final TargetKind[] TARGETS = TargetKind.values();

    private final TokenRules tokenRules;
    private final MessageIds messageIds;
    private final LastMessages lastMessages;
    private final V1SuccessBody successBody = new V1SuccessBody();

    V1SendJudge(TokenRules tokenRules, MessageIds messageIds, LastMessages lastMessages) {
        this.tokenRules = tokenRules;
        this.messageIds = messageIds;
        this.lastMessages = lastMessages;
    }

    /** The target a body addresses, as an attempt, read without judging anything else. */
    static SendTally attemptedIn(JsonNode root) {
        JsonNode message = root.path("message");
        for (TargetKind kind : TARGETS) {
            JsonNode target = message.path(kind.jsonName());
            if (target.isTextual()) {
                return SendTally.attemptedOnly(kind, List.of(target.asText()));
            }
        }
        return SendTally.noTargets();
    }

    SendEndpoint.Verdict judge(String projectId, byte[] body) {
        JsonNode root;
        try {
            root = JsonSupport.read(body);
        } catch (JsonProcessingException e) {
            return rejected(V1ErrorAnswers.invalidJson("Invalid JSON payload received. " + JsonSupport.shortReason(e)),
                    SendTally.noTargets());
        }
        if (!root.isObject()) {
            return rejected(V1ErrorAnswers.invalidJson(
                    "Invalid JSON payload received. Unknown name \"\": Root element must be a message."), SendTally.noTargets());
        }
        SendTally attempted = attemptedIn(root);
        if (!attempted.attemptedTargets().isEmpty()) {
            // Kept whatever the verdict, so a test also sees what a refused message looked like.
            lastMessages.received(attempted.attemptedTargets().get(0), body);
        }
        HttpAnswer problem = requestProblem(root);
        if (problem == null) {
            problem = V1MessageShape.MESSAGE.problemWith(root.get("message"));
        }
        if (problem != null) {
            return rejected(problem, attempted);
        }
        JsonNode message = root.get("message");
        TargetKind kind = null;
        for (TargetKind candidate : TARGETS) {
            if (message.hasNonNull(candidate.jsonName())) {
                if (kind != null) {
                    return rejected(V1ErrorAnswers.invalidJson("Invalid JSON payload received. Oneof field 'target' "
                            + "is already set. Cannot set '" + candidate.jsonName() + "'"), attempted);
                }
                kind = candidate;
            }
        }
        if (kind == null) {
            return rejected(V1ErrorAnswers.recipientNotSet(), attempted);
        }
        if (PayloadSize.exceedsLimit(message.get("data"), message.get("notification"), PayloadSize.limitFor(kind))) {
            return rejected(V1ErrorAnswers.messageTooBig(), attempted);
        }
        String target = message.get(kind.jsonName()).asText();
        boolean validateOnly = root.path("validate_only").asBoolean(false) || root.path("validateOnly").asBoolean(false);
        HttpAnswer refused = targetProblem(kind, target, validateOnly);
        if (refused != null) {
            return rejected(refused, attempted);
        }
        String messageId = validateOnly ? DRY_RUN_MESSAGE_ID : messageIds.next();
        HttpAnswer answer = HttpAnswer.json(200, successBody.forMessage(projectId, messageId));
        return new SendEndpoint.Verdict(answer, SendTally.succeeded(kind, target, validateOnly));
    }

    /** The request around the message: only {@code message} and a boolean {@code validate_only}. */
    private static HttpAnswer requestProblem(JsonNode root) {
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            if (name.equals("validate_only") || name.equals("validateOnly")) {
                JsonNode value = field.getValue();
                if (!value.isNull() && !value.isBoolean()) {
                    return ProtoJsonShape.invalidValue(name, "TYPE_BOOL", value);
                }
            } else if (!name.equals("message")) {
                return V1ErrorAnswers.invalidJson("Invalid JSON payload received. Unknown name \"" + name
                        + "\": Cannot find field.");
            }
        }
        JsonNode message = root.get("message");
        return message == null || message.isNull() ? V1ErrorAnswers.recipientNotSet() : null;
    }

    /** FCM's own rules for the one target; null when it may be sent to. */
    private HttpAnswer targetProblem(TargetKind kind, String target, boolean validateOnly) {
        switch (kind) {
            case TOKEN, FID -> {
                if (target.isEmpty()) {
                    return V1ErrorAnswers.invalidTarget(kind);
                }
                return failureOf(tokenRules.outcomeFor(target, validateOnly), kind);
            }
            case TOPIC -> {
                if (!Topics.isValidName(target)) {
                    return V1ErrorAnswers.invalidTarget(kind);
                }
                return failureOf(tokenRules.outcomeFor(target, validateOnly), kind);
            }
            case CONDITION -> {
                if (target.isBlank()) {
                    return V1ErrorAnswers.invalidTarget(kind);
                }
                List<String> topics = Topics.namedIn(target);
                if (topics.size() > Topics.MAX_CONDITION_TOPICS) {
                    return V1ErrorAnswers.invalidArgumentAbout(kind.v1Field(), "Invalid condition: it names "
                            + topics.size() + " topics, at most " + Topics.MAX_CONDITION_TOPICS + " are allowed");
                }
                for (String topic : topics) {
                    HttpAnswer failure = failureOf(tokenRules.outcomeFor(topic, validateOnly), kind);
                    if (failure != null) {
                        return failure;
                    }
                }
                return null;
            }
            default -> throw new IllegalStateException("unknown target kind " + kind);
        }
    }

    private static HttpAnswer failureOf(TokenOutcome outcome, TargetKind kind) {
        return outcome instanceof TokenOutcome.Failed failed
                ? V1ErrorAnswers.forRequestedCode(failed.requestedErrorCode(), kind)
                : null;
    }

    private static SendEndpoint.Verdict rejected(HttpAnswer answer, SendTally tally) {
        return new SendEndpoint.Verdict(answer, tally);
    }
}
