package io.pushgateway.broker;

/**
 * The broker did not take a message: no confirm in time, a nack, or no queue to route it to.
 * Transient by nature: what it left unsettled is parked on a retry level (outcome.FailurePolicy),
 * or, when even that is refused, the request is redelivered; it is never acked with work missing.
 */
public class PublishFailedException extends RuntimeException {

    public PublishFailedException(String message) {
        super(message);
    }

    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
