package io.pushgateway.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushgateway.core.DeviceToken;
import io.pushgateway.core.OutboundMessage;
import io.pushgateway.core.Outcome;
import io.pushgateway.core.PushHeaders;
import io.pushgateway.core.RequestContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds dead letters: the request reduced to the dead-lettered tokens (or the original bytes
 * when it could not be read), with x-push-error, x-push-error-detail and x-push-attempt.
 * Details are written here from error codes and counts only, so no secret can reach them.
 */
public final class DeadLetters {

    public static final String RETRIES_EXHAUSTED = "retries-exhausted";
    public static final String EXPIRED = "expired";
    /** Processing threw for a reason that is not the request's fault nor transient. */
    public static final String PROCESSING_ERROR = "processing-error";

    private final ObjectMapper json;

    public DeadLetters(ObjectMapper json) {
        this.json = json;
    }

    /** A request that could not be read, or whose processing failed: its bytes go on unchanged. */
    public OutboundMessage unreadable(byte[] original, String error, String detail, String amqpMessageId,
                                      int attempt, String contentType, String type) {
        return new OutboundMessage(Outcome.DEAD_LETTER, original, headers(error, detail, attempt),
                amqpMessageId, contentType, type, List.of());
    }

    /** Tokens of a readable request that end here, all for the same reason; the message settles them. */
    public OutboundMessage tokens(RequestContext context, List<DeviceToken> tokens, String error, String detail) {
        try {
            byte[] body = json.writeValueAsBytes(context.request().withTokens(tokens));
            return new OutboundMessage(Outcome.DEAD_LETTER, body, headers(error, detail, context.attempt()),
                    context.request().messageId(), context.contentType(), context.amqpType(), tokens);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("dead letter could not be written", e);
        }
    }

    /** The x-push-error code for an FCM answer: {@code fcm-InvalidDataKey}, {@code fcm-INVALID_ARGUMENT}. */
    public static String fcmError(String error) {
        return "fcm-" + error;
    }

    private static Map<String, Object> headers(String error, String detail, int attempt) {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(PushHeaders.ERROR, error);
        headers.put(PushHeaders.ERROR_DETAIL, detail);
        headers.put(PushHeaders.ATTEMPT, attempt);
        return headers;
    }
}
