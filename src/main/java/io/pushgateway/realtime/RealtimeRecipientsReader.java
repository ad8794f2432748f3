package io.pushgateway.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pushgateway.core.InvalidPushRequestException;
import io.pushgateway.core.RealtimeRecipients;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the optional {@code web_users} and {@code groups} fields (contract section 6). They are
 * checked whether the channel is on or off, so a producer learns of a bad id at once rather than
 * on the day the channel is switched on. JSON null counts as absent.
 */
public final class RealtimeRecipientsReader {

    public static final String WEB_USERS = "web_users";
    public static final String GROUPS = "groups";

    private RealtimeRecipientsReader() {
    }

    /** @throws InvalidPushRequestException (invalid-request, naming the field) for anything but arrays of ids */
    public static RealtimeRecipients read(ObjectNode request) {
        List<String> webUsers = ids(request, WEB_USERS);
        List<String> groups = ids(request, GROUPS);
        if (webUsers.isEmpty() && groups.isEmpty()) {
            return RealtimeRecipients.NONE;
        }
        return new RealtimeRecipients(webUsers, groups);
    }

    private static List<String> ids(ObjectNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw InvalidPushRequestException.invalidRequest(field + " must be an array of ids, got "
                    + kind(value));
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (int position = 0; position < value.size(); position++) {
            JsonNode element = value.get(position);
            if (!element.isTextual()) {
                throw InvalidPushRequestException.invalidRequest(field + "[" + position
                        + "] must be an id string, got " + kind(element));
            }
            if (!RecipientIds.isValid(element.textValue())) {
                // The id is not quoted back: it may be anything up to a whole body's size.
                throw InvalidPushRequestException.invalidRequest(field + "[" + position
                        + "] is not a valid id: ids are 1 to 128 of A-Z, a-z, 0-9, '_' and '-'");
            }
            distinct.add(element.textValue());
        }
        return new ArrayList<>(distinct);
    }

    /** Named as the intake's other messages name JSON types: "object", "number", ... */
    private static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
