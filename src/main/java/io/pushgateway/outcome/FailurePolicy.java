package io.pushgateway.outcome;

import io.pushgateway.broker.PublishFailedException;
import io.pushgateway.deadletter.DeadLetters;
import io.pushgateway.intake.DeviceToken;
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
 * processing. Fatal (the request is invalid, or processing it fails for any other reason): it is
 * dead-lettered once with its reason and acked, so it never loops. Transient (the broker did not
 * take a derived message): the targets whose outcome was not confirmed are parked on a retry level
 * ({@link RequestParking}) and the request is acked; only when even that publish fails, or nothing
 * was planned yet, is the request left unacked to come back from the queue.
 */
public final class FailurePolicy {

    private static final Logger LOG = LoggerFactory.getLogger(FailurePolicy.class);

    private final DeadLetters deadLetters;
    private final RequestParking parking;

    public FailurePolicy(DeadLetters deadLetters, RequestParking parking) {
        this.deadLetters = deadLetters;
        this.parking = parking;
    }

    public boolean isFatal(Exchange exchange) {
        return !isTransient(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
    }

    /** Transient, and the request's outcomes were planned, some of them still unconfirmed. */
    public boolean canPark(Exchange exchange) {
        PublishLedger ledger = exchange.getProperty(PublishLedger.PROPERTY, PublishLedger.class);
        return !isFatal(exchange) && exchange.getProperty(IntakeStep.CONTEXT, RequestContext.class) != null
                && ledger != null && !ledger.unsettled().isEmpty();
    }

    /** The parked request (or, after the last level, the dead letter) for a request that {@link #canPark}. */
    public List<OutboundMessage> parkedRequestFor(Exchange exchange) {
        RequestContext context = exchange.getProperty(IntakeStep.CONTEXT, RequestContext.class);
        PublishLedger ledger = exchange.getProperty(PublishLedger.PROPERTY, PublishLedger.class);
        String failure = describe(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        List<DeviceToken> unsettled = ledger.unsettled();
        OutboundMessage parked = parking.park(context, unsettled, failure);
        if (parked.kind() == Outcome.RETRY) {
            LOG.warn("Request {} attempt {}: {} of its outcome message(s) not taken by the broker ({}); parking its {}"
                    + " unsettled target(s) on retry level {} of {}", context.request().messageId(), context.attempt(),
                    ledger.unconfirmed(), failure, unsettled.size(), parked.retryLevel(), parking.levels());
        } else {
            LOG.error("Request {} attempt {}: outcomes still not taken by the broker after the last retry level ({});"
                    + " dead-lettering its {} unsettled target(s) as {}", context.request().messageId(),
                    context.attempt(), failure, unsettled.size(), DeadLetters.PROCESSING_ERROR);
        }
        return List.of(parked);
    }

    /** Our own publish failures say what was refused in our words; anything else only by class. */
    private static String describe(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof PublishFailedException) {
                return t.getMessage();
            }
        }
        return error == null ? "unknown" : rootCause(error).getClass().getName();
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
