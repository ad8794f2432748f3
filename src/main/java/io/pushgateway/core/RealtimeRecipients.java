package io.pushgateway.core;

import java.util.List;

/**
 * The request's own real-time recipients: {@code web_users} (users without a device) and
 * {@code groups}, each distinct and valid as a routing-key word, in the order received.
 */
public record RealtimeRecipients(List<String> webUsers, List<String> groups) {

    public static final RealtimeRecipients NONE = new RealtimeRecipients(List.of(), List.of());

    public RealtimeRecipients {
        webUsers = List.copyOf(webUsers);
        groups = List.copyOf(groups);
    }

    public boolean isEmpty() {
        return webUsers.isEmpty() && groups.isEmpty();
    }
}
