package io.pushgateway.realtime;

import io.pushgateway.core.RequestContext;
import io.pushgateway.core.RequestGroup;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the deliver-realtime route does, without Camel: which messages a group's requests give, and
 * what a failed publish leaves (a count and a log line). Whatever happens here stays here: the route
 * catches every failure and reports it to {@link #failed}, so the FCM path never sees it.
 */
public final class RealtimeDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(RealtimeDelivery.class);

    private final boolean enabled;
    private final RealtimeMessages messages;
    private final RealtimeMetrics metrics;
    private final Clock clock;

    public RealtimeDelivery(boolean enabled, RealtimeMessages messages, RealtimeMetrics metrics, Clock clock) {
        this.enabled = enabled;
        this.messages = messages;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * The messages of the group's requests on their first delivery only: whatever comes back from a
     * retry level (a retry, tokens the open circuit held back, a parked request) carries tokens that
     * failed, not news for the user. The split over them leaves the intake exchange as it was.
     */
    public List<RealtimeMessage> messages(RequestGroup group) {
        List<RealtimeMessage> out = new ArrayList<>();
        if (!enabled) {
            return out;
        }
        Instant now = clock.instant();
        for (RequestGroup.Member member : group.members()) {
            RequestContext context = member.context();
            if (context != null && context.attempt() == 0 && !context.fromRetryLevel()) {
                RealtimeMessages.Plan plan = messages.plan(context.request(), now);
                metrics.skippedInvalidIds(plan.skippedUserKeys());
                out.addAll(plan.messages());
            }
        }
        return out;
    }

    public void published() {
        metrics.published();
    }

    /** Counted and logged, nothing else: the request's FCM outcomes and its ack go on as usual. */
    public void failed(Object messageId, Object key, Throwable cause) {
        metrics.failed();
        LOG.warn("Real-time publish failed for request {} (key {}): {}",
                messageId == null ? "?" : messageId, key == null ? "-" : key,
                cause == null ? "unknown error" : cause.getMessage());
    }
}
