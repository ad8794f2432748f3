package io.pushgateway.outcome;

import io.pushgateway.intake.DeviceToken;
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
    private final Set<OutboundMessage> confirmed = Collections.newSetFromMap(new IdentityHashMap<>());

    public PublishLedger(List<OutboundMessage> planned) {
        this.planned = planned;
    }

    /** Records a confirmed publish; a message that is not one of the planned ones is ignored. */
    public void confirmed(OutboundMessage message) {
        for (OutboundMessage m : planned) {
            if (m == message) {
                confirmed.add(message);
                return;
            }
        }
    }

    /** Targets of every planned message not confirmed yet, each once, in plan order. */
    public List<DeviceToken> unsettled() {
        Set<DeviceToken> targets = new LinkedHashSet<>();
        for (OutboundMessage m : planned) {
            if (!confirmed.contains(m)) {
                targets.addAll(m.targets());
            }
        }
        return List.copyOf(targets);
    }

    public int unconfirmed() {
        return planned.size() - confirmed.size();
    }
}
