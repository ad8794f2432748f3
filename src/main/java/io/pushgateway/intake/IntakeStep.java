package io.pushgateway.intake;

import io.pushgateway.metrics.PushMetrics;
import io.pushgateway.outcome.RequestContext;
import io.pushgateway.outcome.RequestGroup;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

/**
 * First step of the intake route: reads a group of broker deliveries into a {@link RequestGroup}.
 * A delivery that is not a valid request does not fail the group: its member carries the
 * {@link InvalidPushRequestException}, and it is dead-lettered with the others' outcomes.
 */
public final class IntakeStep {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeStep.class);

    /** MDC key carried on every log line about one request (JSON logs include it). */
    public static final String MDC_MESSAGE_ID = "push.message_id";

    private final PushRequestReader reader;
    private final RetryProvenance provenance;
    private final Clock clock;
    private final PushMetrics metrics;

    public IntakeStep(PushRequestReader reader, RetryProvenance provenance, Clock clock, PushMetrics metrics) {
        this.reader = reader;
        this.provenance = provenance;
        this.clock = clock;
        this.metrics = metrics;
    }

    public RequestGroup read(List<Message> deliveries) {
        metrics.requestsConsumed(deliveries.size());
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
            return RequestGroup.Member.unreadable(delivery, e);
        }
    }

    /**
     * The attempt a delivery that could not be read is labelled with in its dead letter:
     * x-push-attempt as sent, 0 when absent or unreadable.
     */
    public static int attemptOf(Map<String, Object> headers) {
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

    /** Runs {@code work} with the request's message id in the MDC, so its log lines carry it. */
    public static void logAs(String messageId, Runnable work) {
        logAs(messageId, () -> {
            work.run();
            return null;
        });
    }

    /** The same for work that gives a result. */
    public static <T> T logAs(String messageId, Supplier<T> work) {
        if (messageId == null) {
            return work.get();
        }
        MDC.put(MDC_MESSAGE_ID, messageId);
        try {
            return work.get();
        } finally {
            MDC.remove(MDC_MESSAGE_ID);
        }
    }
}
