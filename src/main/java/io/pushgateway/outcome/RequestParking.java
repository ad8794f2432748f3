package io.pushgateway.outcome;

import io.pushgateway.core.DeviceToken;
import io.pushgateway.core.OutboundMessage;
import io.pushgateway.core.RequestContext;
import io.pushgateway.deadletter.DeadLetters;
import java.util.List;

/**
 * Where a request goes when the broker would not take its outcomes (a transient failure that may
 * last: an outcome exchange deleted or re-pointed). Redelivering it at once would resend its tokens
 * in a tight loop; instead its unsettled targets wait on retry level N for the N-th failure in a
 * row, the attempt unchanged, and after the last level they are dead-lettered as processing-error.
 */
public final class RequestParking {

    private final RetryRequests retryRequests;
    private final DeadLetters deadLetters;
    private final int levels;

    public RequestParking(RetryRequests retryRequests, DeadLetters deadLetters, int levels) {
        this.retryRequests = retryRequests;
        this.deadLetters = deadLetters;
        this.levels = levels;
    }

    /**
     * The one message that settles {@code unsettled} for now: the parked request, or the dead letter
     * once every level was tried. {@code failure} says, without secrets, what the broker refused.
     */
    public OutboundMessage park(RequestContext context, List<DeviceToken> unsettled, String failure) {
        int park = context.parked() + 1;
        if (park > levels) {
            String detail = "the outcomes of " + context.request().target().count(unsettled.size())
                    + " could not be published on any of " + park + " deliveries (parked on each of the "
                    + levels + " retry levels in turn); last failure: " + failure;
            return deadLetters.tokens(context, unsettled, DeadLetters.PROCESSING_ERROR, detail);
        }
        return retryRequests.toLevel(context, unsettled, park, context.attempt(), park);
    }

    public int levels() {
        return levels;
    }
}
