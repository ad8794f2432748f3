package io.pushgateway.emulator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Judges an authorized legacy {@code /fcm/send} body. Request-wide problems (malformed JSON, wrong
 * field types, too many ids) are a 400 with a plain-text reason; payload problems that FCM reported
 * per token (MessageTooBig, InvalidTtl, InvalidDataKey) become that error in every result; otherwise
 * each token gets its own result from the {@link TokenRules}, in request order.
 *
 * <p>A topic ({@code to: /topics/<name>}) or {@code condition} send is answered the way FCM answered
 * those, without multicast fields: {@code {"message_id":<number>}} or {@code {"error":"..."}}, the
 * error coming from the same rules (an invalid name or a condition of more than five topics is
 * InvalidParameters). {@code dry_run: true} answers as usual, with {@code "fake_message_id"} for
 * every message id, and counts validations instead of deliveries.
 */
final class LegacySendJudge {

    static final int MAX_REGISTRATION_IDS = 1000;
    private static final long MAX_TIME_TO_LIVE_SECONDS = 2_419_200;
    private static final String TOPIC_PREFIX = "/topics/";

    private final TokenRules tokenRules;
    private final MessageIds messageIds;

    LegacySendJudge(TokenRules tokenRules, MessageIds messageIds) {
        this.tokenRules = tokenRules;
        this.messageIds = messageIds;
    }

    /** The targets a body addresses, as attempts, read without judging anything else. */
    static SendTally attemptedIn(JsonNode root) {
        List<String> tokens = tokensIn(root);
        if (!tokens.isEmpty()) {
            return SendTally.attemptedOnly(TargetKind.TOKEN, tokens);
        }
        JsonNode to = root.path("to");
        if (to.isTextual() && to.asText().startsWith(TOPIC_PREFIX)) {
            return SendTally.attemptedOnly(TargetKind.TOPIC, List.of(to.asText().substring(TOPIC_PREFIX.length())));
        }
        JsonNode condition = root.path("condition");
        if (condition.isTextual()) {
            return SendTally.attemptedOnly(TargetKind.CONDITION, List.of(condition.asText()));
        }
        return SendTally.noTargets();
    }

    /** Tokens a body addresses, read without judging anything else; topics are not tokens. */
    static List<String> tokensIn(JsonNode root) {
        List<String> tokens = new ArrayList<>();
        JsonNode ids = root.path("registration_ids");
        if (ids.isArray()) {
            ids.forEach(id -> {
                if (id.isTextual()) {
                    tokens.add(id.asText());
                }
            });
        }
        JsonNode to = root.path("to");
        // An empty "to" names nobody: FCM calls that MissingRegistration, not a bad token.
        if (to.isTextual() && !to.asText().isEmpty() && !to.asText().startsWith(TOPIC_PREFIX)) {
            tokens.add(to.asText());
        }
        return tokens;
    }

    SendEndpoint.Verdict judge(byte[] body) {
        JsonNode root;
        try {
            root = JsonSupport.read(body);
        } catch (JsonProcessingException e) {
            return badRequest("JSON_PARSING_ERROR: " + JsonSupport.shortReason(e));
        }
        if (!root.isObject()) {
            return badRequest("JSON_PARSING_ERROR: Expected a JSON object at position 0.");
        }
        JsonNode ids = root.get("registration_ids");
        JsonNode to = root.get("to");
        if (ids != null && to != null) {
            return badRequest("Must use either \"registration_ids\" field or \"to\", not both");
        }
        if (root.has("condition") && (ids != null || to != null)) {
            return badRequest("Must use only one of \"registration_ids\", \"to\" and \"condition\"");
        }
        Optional<String> fieldProblem = fieldTypeProblem(root);
        if (fieldProblem.isPresent()) {
            return badRequest(fieldProblem.get());
        }
        if (ids != null && ids.size() > MAX_REGISTRATION_IDS) {
            return badRequest("Number of messages on bulk (" + ids.size() + ") exceeds maximum allowed ("
                    + MAX_REGISTRATION_IDS + ")");
        }
        boolean dryRun = root.path("dry_run").asBoolean(false);
        if (to != null && to.asText().startsWith(TOPIC_PREFIX)) {
            return topicSend(TargetKind.TOPIC, to.asText().substring(TOPIC_PREFIX.length()), root, dryRun);
        }
        JsonNode condition = root.get("condition");
        if (condition != null && !condition.isNull()) {
            return topicSend(TargetKind.CONDITION, condition.asText(), root, dryRun);
        }
        List<String> tokens = tokensIn(root);
        if (tokens.isEmpty()) {
            return resultsFor(List.of(), List.of(TokenResult.failed("MissingRegistration")), dryRun);
        }
        Optional<String> payloadError = payloadError(root, PayloadSize.LIMIT_BYTES);
        List<TokenResult> results = tokens.stream()
                .map(token -> payloadError.map(TokenResult::failed).orElseGet(() -> resultFor(token, dryRun)))
                .toList();
        return resultsFor(tokens, results, dryRun);
    }

    private TokenResult resultFor(String token, boolean dryRun) {
        if (token.isEmpty()) {
            return TokenResult.failed("InvalidRegistration");
        }
        TokenOutcome outcome = tokenRules.outcomeFor(token, dryRun);
        if (outcome instanceof TokenOutcome.Failed failed) {
            return TokenResult.failed(LegacyErrorNames.forRequestedCode(failed.requestedErrorCode()));
        }
        String canonical = outcome instanceof TokenOutcome.DeliveredWithCanonicalId replaced ? replaced.replacementToken() : null;
        return new TokenResult(dryRun ? V1SendJudge.DRY_RUN_MESSAGE_ID : messageIds.next(), canonical, null);
    }

    /** A topic or condition send: one answer for the whole fan-out, which is FCM's business. */
    private SendEndpoint.Verdict topicSend(TargetKind kind, String target, JsonNode root, boolean dryRun) {
        SendTally attempted = SendTally.attemptedOnly(kind, List.of(target));
        List<String> topics = kind == TargetKind.TOPIC ? List.of(target) : Topics.namedIn(target);
        boolean validTarget = kind == TargetKind.TOPIC
                ? Topics.isValidName(target)
                : !target.isBlank() && topics.size() <= Topics.MAX_CONDITION_TOPICS;
        if (!validTarget) {
            return topicFailed("InvalidParameters", attempted);
        }
        Optional<String> payloadError = payloadError(root, Topics.PAYLOAD_LIMIT_BYTES);
        if (payloadError.isPresent()) {
            return topicFailed(payloadError.get(), attempted);
        }
        for (String topic : topics) {
            if (tokenRules.outcomeFor(topic, dryRun) instanceof TokenOutcome.Failed failed) {
                return topicFailed(LegacyErrorNames.forRequestedCode(failed.requestedErrorCode()), attempted);
            }
        }
        ObjectNode body = JsonSupport.object();
        if (dryRun) {
            body.put("message_id", V1SendJudge.DRY_RUN_MESSAGE_ID);
        } else {
            body.put("message_id", messageIds.nextMulticastId());
        }
        return new SendEndpoint.Verdict(HttpAnswer.json(200, body), SendTally.succeeded(kind, target, dryRun));
    }

    private static SendEndpoint.Verdict topicFailed(String error, SendTally attempted) {
        return new SendEndpoint.Verdict(HttpAnswer.json(200, JsonSupport.object().put("error", error)), attempted);
    }

    private static Optional<String> fieldTypeProblem(JsonNode root) {
        JsonNode ids = root.get("registration_ids");
        if (ids != null) {
            boolean allStrings = ids.isArray();
            for (JsonNode id : ids) {
                allStrings &= id.isTextual();
            }
            if (!allStrings) {
                return Optional.of("Field \"registration_ids\" must be a JSON array of strings: " + ids);
            }
        }
        for (String textField : List.of("to", "condition", "collapse_key", "restricted_package_name")) {
            JsonNode value = root.get(textField);
            if (value != null && !value.isTextual()) {
                return Optional.of("Field \"" + textField + "\" must be a JSON string: " + value);
            }
        }
        JsonNode dryRun = root.get("dry_run");
        if (dryRun != null && !dryRun.isBoolean()) {
            return Optional.of("Field \"dry_run\" must be a JSON boolean: " + dryRun);
        }
        for (String objectField : List.of("data", "notification")) {
            JsonNode value = root.get(objectField);
            if (value != null && !value.isObject()) {
                return Optional.of("Field \"" + objectField + "\" must be a JSON object: " + value);
            }
        }
        return Optional.empty();
    }

    /** Problems FCM reported in every result rather than as a 400. */
    private static Optional<String> payloadError(JsonNode root, int limitBytes) {
        JsonNode ttl = root.get("time_to_live");
        if (ttl != null && (!ttl.canConvertToLong() || !ttl.isIntegralNumber()
                || ttl.asLong() < 0 || ttl.asLong() > MAX_TIME_TO_LIVE_SECONDS)) {
            return Optional.of("InvalidTtl");
        }
        JsonNode data = root.get("data");
        if (data != null) {
            for (Iterator<String> keys = data.fieldNames(); keys.hasNext(); ) {
                if (isReservedDataKey(keys.next())) {
                    return Optional.of("InvalidDataKey");
                }
            }
        }
        if (PayloadSize.exceedsLimit(data, root.get("notification"), limitBytes)) {
            return Optional.of("MessageTooBig");
        }
        return Optional.empty();
    }

    private static boolean isReservedDataKey(String key) {
        return key.equals("from") || key.equals("message_type") || key.startsWith("google") || key.startsWith("gcm");
    }

    /**
     * The multicast answer, streamed straight to bytes: for 1000 tokens a JSON tree would mean a
     * thousand small objects per request, for output that is identical either way.
     */
    private SendEndpoint.Verdict resultsFor(List<String> tokens, List<TokenResult> results, boolean dryRun) {
        long success = 0;
        long canonical = 0;
        List<String> succeeded = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            TokenResult result = results.get(i);
            if (result.delivered()) {
                success++;
                succeeded.add(tokens.get(i));
            }
            if (result.registrationId() != null) {
                canonical++;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + results.size() * 64);
        try (JsonGenerator json = JsonSupport.MAPPER.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("multicast_id", messageIds.nextMulticastId());
            json.writeNumberField("success", success);
            json.writeNumberField("failure", results.size() - success);
            json.writeNumberField("canonical_ids", canonical);
            json.writeArrayFieldStart("results");
            for (TokenResult result : results) {
                result.writeTo(json);
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        // A dry run delivers nothing: its successes are validations.
        SendTally tally = dryRun
                ? new SendTally(TargetKind.TOKEN, tokens, List.of(), succeeded)
                : new SendTally(TargetKind.TOKEN, tokens, succeeded, List.of());
        return new SendEndpoint.Verdict(HttpAnswer.json(200, out.toByteArray()), tally);
    }

    private static SendEndpoint.Verdict badRequest(String reason) {
        return new SendEndpoint.Verdict(HttpAnswer.text(400, reason), SendTally.noTargets());
    }

    /** One entry of {@code results}: a message id (maybe with a canonical id) or an error. */
    private record TokenResult(String messageId, String registrationId, String error) {

        static TokenResult failed(String error) {
            return new TokenResult(null, null, error);
        }

        boolean delivered() {
            return messageId != null;
        }

        void writeTo(JsonGenerator json) throws IOException {
            json.writeStartObject();
            if (messageId != null) {
                json.writeStringField("message_id", messageId);
            }
            if (registrationId != null) {
                json.writeStringField("registration_id", registrationId);
            }
            if (error != null) {
                json.writeStringField("error", error);
            }
            json.writeEndObject();
        }
    }
}
