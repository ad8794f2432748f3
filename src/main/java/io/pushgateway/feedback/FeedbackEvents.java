package io.pushgateway.feedback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pushgateway.core.OutboundMessage;
import io.pushgateway.core.Outcome;
import io.pushgateway.core.PushRequest;
import io.pushgateway.core.TargetKind;
import io.pushgateway.core.TokenResult;
import java.util.List;
import java.util.Map;

/**
 * Builds the token-update and token-delete event bodies of contract section 3, with the keys the
 * second version added: an installation id is named {@code fid} where a token is {@code token},
 * every event names its {@code project} (null for the default one), and a dry run's events say
 * {@code "validate_only": true} (the key is absent otherwise).
 */
public final class FeedbackEvents {

    private static final String JSON = "application/json";

    private final ObjectMapper json;

    public FeedbackEvents(ObjectMapper json) {
        this.json = json;
    }

    /** Only legacy token sends name a canonical token; v1 (and so every installation id) has none. */
    public OutboundMessage tokenUpdate(PushRequest request, TokenResult result) {
        if (request.target() != TargetKind.TOKEN) {
            throw new IllegalArgumentException("a token update is about a registration token, not a "
                    + request.target().requestField() + " target");
        }
        ObjectNode event = header(request, result);
        event.put("old_token", result.token().token());
        event.put("new_token", result.newToken());
        return message(Outcome.TOKEN_UPDATE, request, result, trailer(request, event));
    }

    public OutboundMessage tokenDelete(PushRequest request, TokenResult result) {
        if (!request.target().isDevice()) {
            throw new IllegalArgumentException("a " + request.target().requestField() + " target has no token to delete");
        }
        ObjectNode event = header(request, result);
        event.put(request.target().messageField(), result.token().token());
        event.put("reason", result.error());
        return message(Outcome.TOKEN_DELETE, request, result, trailer(request, event));
    }

    private ObjectNode header(PushRequest request, TokenResult result) {
        ObjectNode event = json.createObjectNode();
        event.put("message_id", request.messageId());
        event.put("push_code", request.pushCode());
        event.put("user", result.token().user());
        return event;
    }

    private static ObjectNode trailer(PushRequest request, ObjectNode event) {
        event.put("project", request.project());
        if (request.validateOnly()) {
            event.put("validate_only", true);
        }
        return event;
    }

    /** An event settles the one token it is about. */
    private OutboundMessage message(Outcome kind, PushRequest request, TokenResult result, ObjectNode event) {
        try {
            return new OutboundMessage(kind, json.writeValueAsBytes(event), Map.of(),
                    request.messageId(), JSON, null, List.of(result.token()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event could not be written", e);
        }
    }
}
