package io.pushgateway.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Judges an authorized v1 {@code messages:send} body: JSON shape, one target, string-only data,
 * payload size, then the {@link TokenRules}. The checks run in that order and the first failure
 * answers, as Google's proto decoder stops at the first problem.
 */
final class V1SendJudge {

    /** Proto3 JSON accepts both snake_case (what Admin SDKs send) and lowerCamelCase names. */
    private static final Set<String> REQUEST_FIELDS = Set.of("message", "validate_only", "validateOnly");
    private static final Set<String> MESSAGE_FIELDS = Set.of(
            "name", "data", "notification", "android", "webpush", "apns", "fcm_options", "fcmOptions",
            "token", "topic", "condition");
    private static final List<String> TARGET_FIELDS = List.of("token", "topic", "condition");

    private final TokenRules tokenRules;
    private final MessageIds messageIds;
    private final V1SuccessBody successBody = new V1SuccessBody();

    V1SendJudge(TokenRules tokenRules, MessageIds messageIds) {
        this.tokenRules = tokenRules;
        this.messageIds = messageIds;
    }

    /** The token a body addresses, read without judging anything else. */
    static List<String> tokensIn(JsonNode root) {
        JsonNode token = root.path("message").path("token");
        return token.isTextual() ? List.of(token.asText()) : List.of();
    }

    SendEndpoint.Verdict judge(String projectId, byte[] body) {
        JsonNode root;
        try {
            root = JsonSupport.read(body);
        } catch (JsonProcessingException e) {
            return rejected(V1ErrorAnswers.invalidJson("Invalid JSON payload received. " + JsonSupport.shortReason(e)),
                    SendTally.noTokens());
        }
        SendTally attempted = SendTally.attemptedOnly(tokensIn(root));
        Optional<HttpAnswer> problem = shapeProblem(root);
        if (problem.isPresent()) {
            return rejected(problem.get(), attempted);
        }
        JsonNode message = root.get("message");
        boolean validateOnly = root.path("validate_only").asBoolean(false) || root.path("validateOnly").asBoolean(false);
        JsonNode token = message.get("token");
        if (token == null || token.isNull()) {
            // A topic or condition: no token rules apply, the fan-out is Google's business.
            return delivered(projectId, List.of(), validateOnly);
        }
        if (token.asText().isEmpty()) {
            return rejected(V1ErrorAnswers.invalidRegistrationToken(), attempted);
        }
        TokenOutcome outcome = tokenRules.outcomeFor(token.asText());
        if (outcome instanceof TokenOutcome.Failed failed) {
            return rejected(V1ErrorAnswers.forRequestedCode(failed.requestedErrorCode()), attempted);
        }
        return delivered(projectId, List.of(token.asText()), validateOnly);
    }

    private Optional<HttpAnswer> shapeProblem(JsonNode root) {
        if (!root.isObject()) {
            return Optional.of(V1ErrorAnswers.invalidJson(
                    "Invalid JSON payload received. Unknown name \"\": Root element must be a message."));
        }
        Optional<String> unknownTopLevel = firstUnknownField(root, REQUEST_FIELDS);
        if (unknownTopLevel.isPresent()) {
            return Optional.of(V1ErrorAnswers.invalidJson("Invalid JSON payload received. Unknown name \""
                    + unknownTopLevel.get() + "\": Cannot find field."));
        }
        for (String flag : List.of("validate_only", "validateOnly")) {
            JsonNode value = root.get(flag);
            if (value != null && !value.isBoolean()) {
                return Optional.of(invalidValue(flag, "TYPE_BOOL", value));
            }
        }
        JsonNode message = root.get("message");
        if (message == null || message.isNull()) {
            return Optional.of(V1ErrorAnswers.recipientNotSet());
        }
        if (!message.isObject()) {
            return Optional.of(invalidValue("message", "type.googleapis.com/google.firebase.fcm.v1.Message", message));
        }
        return messageProblem(message);
    }

    private Optional<HttpAnswer> messageProblem(JsonNode message) {
        Optional<String> unknown = firstUnknownField(message, MESSAGE_FIELDS);
        if (unknown.isPresent()) {
            return Optional.of(V1ErrorAnswers.invalidJson("Invalid JSON payload received. Unknown name \""
                    + unknown.get() + "\" at 'message': Cannot find field."));
        }
        List<String> targets = TARGET_FIELDS.stream().filter(message::hasNonNull).toList();
        if (targets.isEmpty()) {
            return Optional.of(V1ErrorAnswers.recipientNotSet());
        }
        if (targets.size() > 1) {
            return Optional.of(V1ErrorAnswers.invalidJson("Invalid JSON payload received. Oneof field 'target' "
                    + "is already set. Cannot set '" + targets.get(1) + "'"));
        }
        String target = targets.get(0);
        if (!message.get(target).isTextual()) {
            return Optional.of(invalidValue("message." + target, "TYPE_STRING", message.get(target)));
        }
        JsonNode data = message.get("data");
        if (data != null && !data.isNull()) {
            Optional<HttpAnswer> dataProblem = dataProblem(data);
            if (dataProblem.isPresent()) {
                return dataProblem;
            }
        }
        if (PayloadSize.exceedsLimit(data, message.get("notification"))) {
            return Optional.of(V1ErrorAnswers.messageTooBig());
        }
        return Optional.empty();
    }

    /** v1 data is map&lt;string,string&gt;: Google names the first offending entry by its index. */
    private static Optional<HttpAnswer> dataProblem(JsonNode data) {
        if (!data.isObject()) {
            return Optional.of(invalidValue("message.data", "type.googleapis.com/google.firebase.fcm.v1.Message.DataEntry", data));
        }
        int index = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); index++) {
            JsonNode value = it.next().getValue();
            if (!value.isTextual()) {
                return Optional.of(invalidValue("message.data[" + index + "].value", "TYPE_STRING", value));
            }
        }
        return Optional.empty();
    }

    private static HttpAnswer invalidValue(String field, String type, JsonNode value) {
        return V1ErrorAnswers.invalidValue(field, "Invalid value at '" + field + "' (" + type + "), " + value);
    }

    private static Optional<String> firstUnknownField(JsonNode object, Set<String> known) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    private SendEndpoint.Verdict delivered(String projectId, List<String> tokens, boolean validateOnly) {
        HttpAnswer answer = HttpAnswer.json(200, successBody.forMessage(projectId, messageIds.next()));
        // A dry run is judged like a real send but delivers nothing.
        SendTally tally = new SendTally(tokens, validateOnly ? List.of() : tokens);
        return new SendEndpoint.Verdict(answer, tally);
    }

    private static SendEndpoint.Verdict rejected(HttpAnswer answer, SendTally tally) {
        return new SendEndpoint.Verdict(answer, tally);
    }
}
