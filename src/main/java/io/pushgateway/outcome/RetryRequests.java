package io.pushgateway.outcome;

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
import java.util.function.IntFunction;

/**
 * Writes a request bound for one of the gateway's retry levels: the request as received, reduced to
 * some of its targets, with the gateway's bookkeeping headers (contract section 3, Retries).
 */
public final class RetryRequests {

    private final IntFunction<String> retryQueueOfLevel;
    private final ObjectMapper json;

    public RetryRequests(IntFunction<String> retryQueueOfLevel, ObjectMapper json) {
        this.retryQueueOfLevel = retryQueueOfLevel;
        this.json = json;
    }

    /**
     * @param parked how often in a row this request could not get its outcomes published (0: it
     *               is an ordinary retry, which starts that count afresh)
     */
    public OutboundMessage toLevel(RequestContext context, List<DeviceToken> tokens, int level, int attempt,
                                   int parked) {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(PushHeaders.ATTEMPT, attempt);
        headers.put(PushHeaders.FIRST_RECEIVED, context.firstReceived().toEpochMilli());
        if (parked > 0) {
            headers.put(PushHeaders.PARKED, parked);
        }
        try {
            byte[] body = json.writeValueAsBytes(context.request().withTokens(tokens));
            return new OutboundMessage(Outcome.RETRY, body, headers, context.request().messageId(),
                    context.contentType(), context.amqpType(), retryQueueOfLevel.apply(level), level, tokens);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("retry request could not be written", e);
        }
    }
}
