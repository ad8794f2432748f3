package io.pushgateway.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pushgateway.core.PushRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides what a request publishes on the real-time channel (contract section 6): one message per
 * recipient, users from the keys of a token map and from {@code web_users} (each once), then groups.
 * Pure: no Camel, no broker.
 */
public final class RealtimeMessages {

    /** Target fields whose object form maps user ids to devices; their keys are the users. */
    static final List<String> TOKEN_MAP_FIELDS = List.of("registration_tokens", "installation_ids");

    private final ObjectMapper json;

    public RealtimeMessages(ObjectMapper json) {
        this.json = json;
    }

    /**
     * @param messages        what to publish, in order: users, then groups
     * @param skippedUserKeys token-map keys that cannot be routing-key words: they get no message
     */
    public record Plan(List<RealtimeMessage> messages, int skippedUserKeys) {
    }

    public Plan plan(PushRequest request, Instant sentAt) {
        Set<String> users = new LinkedHashSet<>();
        int skipped = 0;
        for (String field : TOKEN_MAP_FIELDS) {
            JsonNode targets = request.original().get(field);
            if (targets == null || !targets.isObject()) {
                continue;
            }
            for (Iterator<String> keys = targets.fieldNames(); keys.hasNext(); ) {
                String user = keys.next();
                if (RecipientIds.isValid(user)) {
                    users.add(user);
                } else {
                    skipped++;
                }
            }
        }
        users.addAll(request.recipients().webUsers());
        if (users.isEmpty() && request.recipients().groups().isEmpty()) {
            return new Plan(List.of(), skipped);
        }
        byte[] body = body(request, sentAt);
        List<RealtimeMessage> messages = new ArrayList<>(users.size() + request.recipients().groups().size());
        users.forEach(user -> messages.add(new RealtimeMessage(RecipientIds.userKey(user), request.messageId(), body)));
        request.recipients().groups().forEach(group ->
                messages.add(new RealtimeMessage(RecipientIds.groupKey(group), request.messageId(), body)));
        return new Plan(List.copyOf(messages), skipped);
    }

    /** {@code {"message_id","push_code","title","body","icon","image","data","sent_at"}}, absent fields left out. */
    byte[] body(PushRequest request, Instant sentAt) {
        ObjectNode body = json.createObjectNode();
        body.put("message_id", request.messageId());
        putIfPresent(body, "push_code", request.pushCode());
        putIfPresent(body, "title", request.title());
        putIfPresent(body, "body", request.body());
        putIfPresent(body, "icon", request.icon());
        putIfPresent(body, "image", request.image());
        if (!request.data().isEmpty()) {
            ObjectNode data = body.putObject("data");
            request.data().forEach(data::put);
        }
        body.put("sent_at", sentAt.toString());
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a real-time message", e);
        }
    }

    private static void putIfPresent(ObjectNode body, String field, String value) {
        if (value != null) {
            body.put(field, value);
        }
    }
}
