package io.pushgateway.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pushgateway.core.InvalidPushRequestException;
import io.pushgateway.core.PlatformBlocks;
import io.pushgateway.core.Priority;
import io.pushgateway.core.PushRequest;
import io.pushgateway.core.RealtimeRecipients;
import io.pushgateway.core.TargetKind;
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
 *
 * <p>Some fields depend on the FCM protocol the gateway speaks: a reader made with
 * {@link #forLegacyProtocol} refuses {@code installation_ids}, {@code project} and the platform
 * blocks (the legacy API has none of them), and drops {@code fcm_options.analytics_label}.
 */
public final class PushRequestReader {

    private final IntakeLimits limits;
    private final Function<byte[], String> idGenerator;
    private final JsonBodyParser parser = new JsonBodyParser();
    private final TargetReader targetReader;
    private final boolean legacyProtocol;
    /** push.realtime.enabled: a request for web_users/groups only is then valid (contract section 6). */
    private final boolean realtimeEnabled;

    /**
     * A reader for the FCM HTTP v1 protocol, the real-time channel off.
     *
     * @param idGenerator makes the message id of a request that has neither a JSON nor an AMQP one
     */
    public PushRequestReader(IntakeLimits limits, Supplier<String> idGenerator) {
        this(limits, body -> idGenerator.get(), false, false);
    }

    /**
     * A reader for the FCM HTTP v1 protocol.
     *
     * @param idFromBody      makes the message id of a request that has neither a JSON nor an AMQP one
     *                        from its bytes ({@link BodyDigest}), so every delivery gets the same id
     * @param realtimeEnabled push.realtime.enabled
     */
    public PushRequestReader(IntakeLimits limits, Function<byte[], String> idFromBody, boolean realtimeEnabled) {
        this(limits, idFromBody, false, realtimeEnabled);
    }

    private PushRequestReader(IntakeLimits limits, Function<byte[], String> idFromBody, boolean legacyProtocol,
                              boolean realtimeEnabled) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.idGenerator = Objects.requireNonNull(idFromBody, "idFromBody");
        this.targetReader = new TargetReader(limits.maxTokens(), legacyProtocol);
        this.legacyProtocol = legacyProtocol;
        this.realtimeEnabled = realtimeEnabled;
    }

    /** The reader the gateway runs with: its protocol, and whether the real-time channel is on. */
    public static PushRequestReader of(IntakeLimits limits, Function<byte[], String> idFromBody, boolean legacyProtocol,
                                       boolean realtimeEnabled) {
        return new PushRequestReader(limits, idFromBody, legacyProtocol, realtimeEnabled);
    }

    /** A reader for a gateway that speaks the legacy GCM/FCM protocol (push.provider=gcm, or the legacy emulator). */
    public static PushRequestReader forLegacyProtocol(IntakeLimits limits, Supplier<String> idGenerator) {
        return new PushRequestReader(limits, body -> idGenerator.get(), true, false);
    }

    /** A reader with the default limits, ids made from the body, the real-time channel off. */
    public static PushRequestReader withDefaults() {
        return new PushRequestReader(IntakeLimits.defaults(), BodyDigest::messageId, false, false);
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
        // sends nothing to FCM. With it off, such a request stays no-tokens (the target reader says so).
        RealtimeRecipients recipients = RealtimeRecipientsReader.read(request);
        TargetReader.Target target = realtimeEnabled && !recipients.isEmpty() && namesNoDevice(request)
                ? new TargetReader.Target(TargetKind.TOKEN, List.of(), false)
                : targetReader.read(request);
        String title = ScalarFields.optionalString(request, "title");
        String text = ScalarFields.optionalString(request, "body");
        String icon = ScalarFields.optionalString(request, "icon");
        String image = ScalarFields.optionalString(request, "image");
        String pushCode = ScalarFields.optionalString(request, "push_code");
        String collapseKey = ScalarFields.optionalString(request, "collapse_key");
        String jsonMessageId = ScalarFields.messageId(request);
        Priority priority = ScalarFields.priority(request);
        Integer ttlSeconds = ScalarFields.ttlSeconds(request);
        Map<String, String> data = DataReader.read(request.get(DataReader.FIELD));
        String project = ScalarFields.project(request, legacyProtocol);
        boolean validateOnly = ScalarFields.validateOnly(request);
        PlatformBlocks platform = PlatformBlockReader.read(request, legacyProtocol);

        requireSomethingToShow(title, text, data);
        rejectOversizedPayload(PayloadSize.of(title, text, icon, image, data, platform));

        return new PushRequest(messageId(jsonMessageId, amqpMessageId, body), pushCode, title, text, icon, image,
                data, priority, ttlSeconds, collapseKey, target.list(), target.asMap(), request,
                target.kind(), project, platform, validateOnly, recipients);
    }

    /** No target field at all (contract section 2's target kinds). */
    private static boolean namesNoDevice(ObjectNode request) {
        return java.util.Arrays.stream(TargetKind.values())
                .allMatch(kind -> ScalarFields.isAbsent(request.get(kind.requestField())));
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
            throw InvalidPushRequestException.payloadTooLarge("payload (title, body, icon, image, data and platform blocks) is "
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
