package io.pushgateway.intake;

import io.pushgateway.core.PushHeaders;
import io.pushgateway.core.PushRequest;
import io.pushgateway.core.RequestContext;
import io.pushgateway.core.RequestGroup;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

/**
 * Reads a group of broker deliveries into a {@link RequestGroup}.
 * A delivery that is not a valid request does not fail the group: its member carries the
 * {@link InvalidPushRequestException}, and it is dead-lettered with the others' outcomes.
 */
public final class GroupReader {

    private static final Logger LOG = LoggerFactory.getLogger(GroupReader.class);

    private final PushRequestReader reader;
    private final RetryProvenance provenance;
    private final Clock clock;

    public GroupReader(PushRequestReader reader, RetryProvenance provenance, Clock clock) {
        this.reader = reader;
        this.provenance = provenance;
        this.clock = clock;
    }

    public RequestGroup read(List<Message> deliveries) {
        List<RequestGroup.Member> members = new ArrayList<>(deliveries.size());
        for (Message delivery : deliveries) {
            members.add(readOne(delivery));
        }
        return new RequestGroup(members);
    }

    private RequestGroup.Member readOne(Message delivery) {
        MessageProperties props = delivery.getMessageProperties();
        String amqpId = props.getMessageId();
        try {
            PushRequest request = reader.read(delivery.getBody() == null ? new byte[0] : delivery.getBody(), amqpId);
            RetryProvenance.Provenance from = provenance.of(props.getHeaders(), request.messageId());
            RequestContext context = new RequestContext(request, from.attempt(), from.firstReceived(), props.getType(),
                    props.getContentType(), from.fromRetryLevel(), from.parked());
            if (LOG.isDebugEnabled()) {
                LOG.debug("Request {} attempt {}: {} token(s)", request.messageId(), context.attempt(),
                        request.tokens().size());
            }
            return RequestGroup.Member.read(delivery, context, context.expired(clock));
        } catch (RuntimeException e) {
            // Invalid (or, for a bug of ours, unreadable): dead-lettered as its error says (outcome.FailurePolicy).
            return RequestGroup.Member.unreadable(delivery, e, attemptOf(props.getHeaders()));
        }
    }

    /**
     * The attempt a delivery that could not be read is labelled with in its dead letter:
     * x-push-attempt as sent, 0 when absent or unreadable.
     */
    static int attemptOf(Map<String, Object> headers) {
        Object value = headers.get(PushHeaders.ATTEMPT);
        if (value instanceof Number n) {
            return Math.max(0, n.intValue());
        }
        if (value != null) {
            try {
                return Math.max(0, Integer.parseInt(value.toString().trim()));
            } catch (NumberFormatException ignored) {
                return 0;
            }
        }
        return 0;
    }
}
