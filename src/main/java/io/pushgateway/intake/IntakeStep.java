package io.pushgateway.intake;

import io.pushgateway.outcome.RequestContext;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import io.pushgateway.metrics.PushMetrics;

/**
 * First step of the intake route: reads the broker message into a {@link RequestContext} kept as
 * the exchange property {@value #CONTEXT}. Invalid requests throw
 * {@link InvalidPushRequestException}, which the error policy dead-letters.
 */
public final class IntakeStep {

    public static final String CONTEXT = "pushContext";
    public static final String AMQP_MESSAGE_ID = "CamelSpringRabbitmqMessageId";
    public static final String AMQP_TYPE = "CamelSpringRabbitmqType";
    public static final String AMQP_CONTENT_TYPE = "CamelSpringRabbitmqContentType";

    private static final Logger LOG = LoggerFactory.getLogger(IntakeStep.class);

    /** MDC key carried on every log line of a request's processing (JSON logs include it). */
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

    public void read(Exchange exchange) {
        metrics.requestConsumed();
        Message in = exchange.getMessage();
        String amqpId = in.getHeader(AMQP_MESSAGE_ID, String.class);
        MDC.remove(MDC_MESSAGE_ID);
        if (amqpId != null) {
            MDC.put(MDC_MESSAGE_ID, amqpId);
        }
        byte[] body = in.getBody(byte[].class);
        PushRequest request = reader.read(body == null ? new byte[0] : body, in.getHeader(AMQP_MESSAGE_ID, String.class));
        RetryProvenance.Provenance delivery = provenance.of(in, request.messageId());
        RequestContext context = new RequestContext(request, delivery.attempt(), delivery.firstReceived(),
                in.getHeader(AMQP_TYPE, String.class), in.getHeader(AMQP_CONTENT_TYPE, String.class),
                delivery.fromRetryLevel(), delivery.parked());
        exchange.setProperty(CONTEXT, context);
        MDC.put(MDC_MESSAGE_ID, request.messageId());
        LOG.debug("Request {} attempt {}: {} token(s)", request.messageId(), context.attempt(), request.tokens().size());
    }

    /** True when the request's ttl_seconds passed before this delivery. */
    public boolean isExpired(Exchange exchange) {
        return exchange.getProperty(CONTEXT, RequestContext.class).expired(clock);
    }

    /**
     * The attempt of a delivery: the vetted one (see {@link RetryProvenance}) once the request was
     * read; before that (a request that could not be read) x-push-attempt as sent, 0 when absent
     * or unreadable, which only ever labels its dead letter.
     */
    public static int attemptOf(Message in) {
        RequestContext context = in.getExchange() == null ? null
                : in.getExchange().getProperty(CONTEXT, RequestContext.class);
        if (context != null) {
            return context.attempt();
        }
        Object value = in.getHeader(PushHeaders.ATTEMPT);
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
