package io.pushgateway.feedback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pushgateway.intake.PushRequest;
import io.pushgateway.outcome.OutboundMessage;
import io.pushgateway.outcome.Outcome;
import io.pushgateway.outcome.TokenResult;
import java.util.Map;

/** Builds the token-update and token-delete event bodies of contract section 3. */
public final class FeedbackEvents {

    private static final String JSON = "application/json";

    private final ObjectMapper json;

    public FeedbackEvents(ObjectMapper json) {
        this.json = json;
    }

    public OutboundMessage tokenUpdate(PushRequest request, TokenResult result) {
        ObjectNode event = header(request, result);
        event.put("old_token", result.token().token());
        event.put("new_token", result.newToken());
        return message(Outcome.TOKEN_UPDATE, request, event);
    }

    public OutboundMessage tokenDelete(PushRequest request, TokenResult result) {
        ObjectNode event = header(request, result);
        event.put("token", result.token().token());
        event.put("reason", result.error());
        return message(Outcome.TOKEN_DELETE, request, event);
    }

    private ObjectNode header(PushRequest request, TokenResult result) {
        ObjectNode event = json.createObjectNode();
        event.put("message_id", request.messageId());
        event.put("push_code", request.pushCode());
        event.put("user", result.token().user());
        return event;
    }

    private OutboundMessage message(Outcome kind, PushRequest request, ObjectNode event) {
        try {
            return new OutboundMessage(kind, json.writeValueAsBytes(event), Map.of(),
                    request.messageId(), JSON, null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event could not be written", e);
        }
    }
}
