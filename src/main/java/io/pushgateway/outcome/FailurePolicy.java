package io.pushgateway.outcome;

import io.pushgateway.broker.PublishFailedException;
import io.pushgateway.deadletter.DeadLetters;
import io.pushgateway.intake.IntakeStep;
import io.pushgateway.intake.InvalidPushRequestException;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;

/**
 * The one place that decides fatal versus transient for an exception that escapes a request's
 * processing. Transient (the broker did not take a derived message): the request is not acked
 * and comes back. Fatal (the request is invalid, or processing it fails for any other reason):
 * it is dead-lettered once with its reason and acked, so it never loops.
 */
public final class FailurePolicy {

    private static final Logger LOG = LoggerFactory.getLogger(FailurePolicy.class);

    private final DeadLetters deadLetters;

    public FailurePolicy(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    public boolean isFatal(Exchange exchange) {
        return !isTransient(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
    }

    static boolean isTransient(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof PublishFailedException || t instanceof AmqpException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** The dead letter for the original message of a failed exchange (body = original bytes). */
    public List<OutboundMessage> deadLetterFor(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Message original = exchange.getMessage();
        String code;
        String detail;
        if (error instanceof InvalidPushRequestException invalid) {
            code = invalid.errorCode();
            detail = invalid.getMessage();
        } else {
            code = DeadLetters.PROCESSING_ERROR;
            // Class names only: an exception text may quote the payload or a credential. The root
            // cause says what went wrong; Camel's wrappers around it say little.
            detail = error == null ? "processing failed with an unknown error"
                    : "processing failed with " + rootCause(error).getClass().getName();
            LOG.error("Request could not be processed; dead-lettering it as {}", code, error);
        }
        String messageId = original.getHeader(IntakeStep.AMQP_MESSAGE_ID, String.class);
        byte[] body = original.getBody(byte[].class);
        LOG.info("Dead-lettering request {}: {} ({})", messageId, code, detail);
        return List.of(deadLetters.unreadable(body == null ? new byte[0] : body, code, detail, messageId,
                IntakeStep.attemptOf(original), original.getHeader(IntakeStep.AMQP_CONTENT_TYPE, String.class),
                original.getHeader(IntakeStep.AMQP_TYPE, String.class)));
    }
}
