package io.pushgateway.outcome;

import io.pushgateway.broker.PublishFailedException;
import io.pushgateway.core.DeviceToken;
import io.pushgateway.core.InvalidPushRequestException;
import io.pushgateway.core.OutboundMessage;
import io.pushgateway.core.Outcome;
import io.pushgateway.core.RequestContext;
import io.pushgateway.core.RequestGroup;
import io.pushgateway.core.RequestLogging;
import io.pushgateway.deadletter.DeadLetters;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.MessageProperties;

/**
 * The one place that decides fatal versus transient, for one request and for a whole group. Fatal
 * (the request is invalid, or processing it fails for any other reason): it is dead-lettered once
 * with its reason and acked, so it never loops. Transient (the broker did not take a derived
 * message): the targets whose outcome was not confirmed are parked on a retry level
 * ({@link RequestParking}) and the request is acked; only when even that publish fails is the
 * request returned to the queue. A transient failure of the group itself (its channel lost) returns
 * the whole group.
 */
public final class FailurePolicy {

    private static final Logger LOG = LoggerFactory.getLogger(FailurePolicy.class);

    private final DeadLetters deadLetters;
    private final RequestParking parking;

    public FailurePolicy(DeadLetters deadLetters, RequestParking parking) {
        this.deadLetters = deadLetters;
        this.parking = parking;
    }

    /**
     * A failure of the group as a whole that no retry can cure: its unsettled requests are
     * dead-lettered. Without a group (it failed before its deliveries were read) there is nothing to
     * dead-letter, so the group goes back to the queue.
     */
    public boolean isFatal(Throwable error, RequestGroup group) {
        return !isTransient(error) && group != null;
    }

    /**
     * After the group's outcomes were published, for each request an endpoint refused one of them
     * for: transient (the broker did not take it), the parked request (or, after the last level, the
     * dead letter) of its unsettled targets; fatal (any other failure, say an endpoint with nothing
     * behind it), the request's dead letter as received, once. A request that was never read has
     * nothing to park: it goes back to the queue.
     */
    public List<OutboundMessage> parkRefused(RequestGroup group) {
        List<OutboundMessage> out = new ArrayList<>();
        for (RequestGroup.Member member : group.members()) {
            Throwable refusal = member.publishFailure();
            if (refusal == null) {
                continue;
            }
            RequestContext context = member.context();
            List<DeviceToken> unsettled = member.ledger() == null ? List.of() : member.ledger().unsettled();
            if (context == null || unsettled.isEmpty()) {
                member.requeue();
                continue;
            }
            if (!isTransient(refusal)) {
                member.reject(refusal instanceof RuntimeException r ? r : new IllegalStateException(refusal));
                for (OutboundMessage letter : deadLetterFor(member)) {
                    group.settling(member, letter);
                    out.add(letter);
                }
                continue;
            }
            String failure = describe(refusal);
            OutboundMessage parked = parking.park(context, unsettled, failure);
            RequestLogging.logAs(context.request().messageId(), () -> logParked(context, member, unsettled, failure, parked));
            group.settling(member, parked);
            out.add(parked);
        }
        return out;
    }

    private void logParked(RequestContext context, RequestGroup.Member member, List<DeviceToken> unsettled,
                           String failure, OutboundMessage parked) {
        if (parked.kind() == Outcome.RETRY) {
            LOG.warn("Request {} attempt {}: {} of its outcome message(s) not taken by the broker ({}); parking its {}"
                    + " unsettled target(s) on retry level {} of {}", context.request().messageId(), context.attempt(),
                    member.ledger().unconfirmed(), failure, unsettled.size(), parked.retryLevel(),
                    parking.levels());
        } else {
            LOG.error("Request {} attempt {}: outcomes still not taken by the broker after the last retry level ({});"
                    + " dead-lettering its {} unsettled target(s) as {}", context.request().messageId(),
                    context.attempt(), failure, unsettled.size(), DeadLetters.PROCESSING_ERROR);
        }
    }

    /**
     * The group failed as a whole for a reason that is not transient (a bug): every request of it
     * not yet settled is dead-lettered as it was received, so none loops through the queue.
     */
    public List<OutboundMessage> deadLettersForGroup(RequestGroup group, Throwable error) {
        LOG.error("A group of {} request(s) could not be processed; dead-lettering those not settled yet",
                group.size(), error);
        List<OutboundMessage> out = new ArrayList<>();
        for (RequestGroup.Member member : group.members()) {
            if (member.ledger() != null && member.ledger().unconfirmed() == 0 && member.publishFailure() == null) {
                continue;
            }
            if (member.error() == null) {
                member.reject(error instanceof RuntimeException r ? r : new IllegalStateException(error));
            }
            for (OutboundMessage letter : deadLetterFor(member)) {
                group.settling(member, letter);
                out.add(letter);
            }
        }
        return out;
    }

    /** Our own publish failures say what was refused in our words; anything else only by class. */
    static String describe(Throwable error) {
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

    /** The dead letter of a request that cannot be sent, as it was received (body = the delivery's bytes). */
    public List<OutboundMessage> deadLetterFor(RequestGroup.Member member) {
        RuntimeException error = member.error();
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
        MessageProperties props = member.delivery().getMessageProperties();
        String messageId = props.getMessageId();
        byte[] body = member.delivery().getBody();
        int attempt = member.attempt();
        RequestLogging.logAs(member.messageId(), () -> LOG.info("Dead-lettering request {}: {} ({})", messageId, code, detail));
        return List.of(deadLetters.unreadable(body == null ? new byte[0] : body, code, detail, messageId, attempt,
                props.getContentType(), props.getType()));
    }
}
