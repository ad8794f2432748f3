package io.pushgateway.route;

import io.pushgateway.core.RequestGroup;
import io.pushgateway.provider.BatchAnswers;
import io.pushgateway.provider.BatchResults;
import io.pushgateway.provider.FcmSender;
import io.pushgateway.provider.SendBatch;
import java.util.Iterator;
import org.apache.camel.Exchange;

/**
 * Bean {@code fcmSend}: the send steps of consume-push-requests and send-batch, handed to the
 * {@link FcmSender} of the protocol the gateway speaks (chosen once, when it is made).
 */
public final class FcmSend {

    /** Set by Camel's circuit breaker when it refused the call because its circuit is open. */
    private static final String SHORT_CIRCUITED = "CamelResponseShortCircuited";

    private final FcmSender sender;

    public FcmSend(FcmSender sender) {
        this.sender = sender;
    }

    public Iterator<SendBatch> batchesOf(RequestGroup group) {
        return sender.batchesOf(group);
    }

    public BatchAnswers send(SendBatch batch) {
        return sender.send(batch);
    }

    public BatchResults classify(BatchAnswers answers) {
        return sender.classify(answers);
    }

    /** Results for a batch the breaker refused (open circuit), or one that failed as a whole. */
    public BatchResults fallback(Exchange exchange) {
        return sender.fallback(exchange.getMessage().getBody(), Failures.caught(exchange),
                Boolean.TRUE.equals(exchange.getProperty(SHORT_CIRCUITED, Boolean.class)));
    }
}
