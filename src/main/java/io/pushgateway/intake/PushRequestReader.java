package io.pushgateway.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pushgateway.realtime.RealtimeRecipients;
import io.pushgateway.realtime.RealtimeRecipientsReader;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads the body of an intake message into a validated {@link PushRequest} (contract section 2),
 * or says precisely why it cannot be sent with an {@link InvalidPushRequestException}.
 *
 * <p>Everything a request carries is checked here, before anything reaches FCM: a request that
 * FCM would refuse for every token is worth one dead letter, not one FCM error per token. The
 * body is parsed once; the tree is kept as {@link PushRequest#original()} and the tokens refer to
 * its strings, so a 100,000-token request is held in memory once.
 */
public final class PushRequestReader {

    private final IntakeLimits limits;
    private final Function<byte[], String> idGenerator;
    /** push.realtime.enabled: a request for web_users/groups only is then valid (contract section 6). */
    private final boolean realtimeEnabled;
    private final JsonBodyParser parser = new JsonBodyParser();
    private final TokenListReader tokenReader;

    /**
     * @param idGenerator makes the message id of a request that has neither a JSON nor an AMQP one
     */
    public PushRequestReader(IntakeLimits limits, Supplier<String> idGenerator) {
        this(limits, body -> idGenerator.get(), false);
    }

    /**
     * @param idFromBody      makes the message id of a request that has neither a JSON nor an AMQP one
     *                        from its bytes ({@link BodyDigest}), so every delivery gets the same id
     * @param realtimeEnabled push.realtime.enabled
     */
    public PushRequestReader(IntakeLimits limits, Function<byte[], String> idFromBody, boolean realtimeEnabled) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.idGenerator = Objects.requireNonNull(idFromBody, "idFromBody");
        this.realtimeEnabled = realtimeEnabled;
        this.tokenReader = new TokenListReader(limits.maxTokens());
    }

    /** A reader with the default limits, ids made from the body, the real-time channel off. */
    public static PushRequestReader withDefaults() {
        return new PushRequestReader(IntakeLimits.defaults(), BodyDigest::messageId, false);
    }

    /**
     * @param body          the message body, UTF-8 JSON whatever its content type says
     * @param amqpMessageId the AMQP {@code message_id} property; may be null
     * @throws InvalidPushRequestException when the request cannot be sent as it is
     */
    public PushRequest read(byte[] body, String amqpMessageId) {
        rejectOversizedBody(body);
        ObjectNode request = parser.parseObject(body);

        // Real-time channel (contract section 6): web_users/groups are checked with the channel on or
        // off. With it on they are a target of their own: a request naming no device is valid and
        // sends nothing to FCM. With it off, such a request stays no-tokens (the token reader says so).
        RealtimeRecipients recipients = RealtimeRecipientsReader.read(request);
        TokenListReader.Tokens tokens = realtimeEnabled && !recipients.isEmpty() && namesNoDevice(request)
                ? new TokenListReader.Tokens(List.of(), false)
                : tokenReader.read(request.get(TokenListReader.FIELD));
        String title = ScalarFields.optionalString(request, "title");
        String text = ScalarFields.optionalString(request, "body");
        String icon = ScalarFields.optionalString(request, "icon");
        String image = ScalarFields.optionalString(request, "image");
        String pushCode = ScalarFields.optionalString(request, "push_code");
        String collapseKey = ScalarFields.optionalString(request, "collapse_key");
        String jsonMessageId = ScalarFields.optionalString(request, "message_id");
        Priority priority = ScalarFields.priority(request);
        Integer ttlSeconds = ScalarFields.ttlSeconds(request);
        Map<String, String> data = DataReader.read(request.get(DataReader.FIELD));

        requireSomethingToShow(title, text, data);
        rejectOversizedPayload(PayloadSize.of(title, text, icon, image, data));

        return new PushRequest(messageId(jsonMessageId, amqpMessageId, body), pushCode, title, text, icon, image,
                data, priority, ttlSeconds, collapseKey, tokens.list(), tokens.asMap(), request, recipients);
    }

    /** No device target field at all (contract section 2's target kinds). */
    private static boolean namesNoDevice(ObjectNode request) {
        return List.of(TokenListReader.FIELD, "installation_ids", "topic", "condition").stream()
                .allMatch(field -> ScalarFields.isAbsent(request.get(field)));
    }

    private void rejectOversizedBody(byte[] body) {
        Objects.requireNonNull(body, "body");
        if (body.length > limits.maxBodyBytes()) {
            throw InvalidPushRequestException.payloadTooLarge("message body is " + body.length
                    + " bytes, more than the limit of " + limits.maxBodyBytes() + " bytes");
        }
    }

    /** An empty or blank title or body shows nothing, so it does not count as content. */
    private static void requireSomethingToShow(String title, String text, Map<String, String> data) {
        if (isBlank(title) && isBlank(text) && data.isEmpty()) {
            throw InvalidPushRequestException.invalidRequest(
                    "a request needs title/body or data: title, body and data are all missing or empty");
        }
    }

    private void rejectOversizedPayload(long payloadBytes) {
        if (payloadBytes > limits.maxPayloadBytes()) {
            throw InvalidPushRequestException.payloadTooLarge("payload (title, body, icon, image and data) is "
                    + payloadBytes + " bytes of UTF-8, more than FCM's limit of " + limits.maxPayloadBytes() + " bytes");
        }
    }

    /** The producer's own id wins, then the broker's, so every event correlates with what was published. */
    private String messageId(String jsonMessageId, String amqpMessageId, byte[] body) {
        if (!isBlank(jsonMessageId)) {
            return jsonMessageId;
        }
        if (!isBlank(amqpMessageId)) {
            return amqpMessageId;
        }
        return idGenerator.apply(body);
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
