package io.pushgateway.core;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The messages derived from one delivery of a request, and which of them the broker confirmed.
 * When publishing fails part way, the targets of the unconfirmed ones are what is still unsettled:
 * the parked request carries those and nothing else (a delivered token is never sent again).
 */
public final class PublishLedger {

    /** Exchange property holding the ledger of the delivery being processed. */
    public static final String PROPERTY = "pushPublishLedger";

    private final List<OutboundMessage> planned;
    /** By identity: two events can be equal in content and still be two messages. */
    private final Set<OutboundMessage> unconfirmed;

    public PublishLedger(List<OutboundMessage> planned) {
        this.planned = planned;
        this.unconfirmed = Collections.newSetFromMap(new IdentityHashMap<>(planned.size()));
        unconfirmed.addAll(planned);
    }

    /** Records a confirmed publish; a message that is not one of the planned ones is ignored. */
    public void confirmed(OutboundMessage message) {
        unconfirmed.remove(message);
    }

    /** Targets of every planned message not confirmed yet, each once, in plan order. */
    public List<DeviceToken> unsettled() {
        Set<DeviceToken> targets = new LinkedHashSet<>();
        for (OutboundMessage m : planned) {
            if (unconfirmed.contains(m)) {
                targets.addAll(m.targets());
            }
        }
        return List.copyOf(targets);
    }

    public int unconfirmed() {
        return unconfirmed.size();
    }
}
