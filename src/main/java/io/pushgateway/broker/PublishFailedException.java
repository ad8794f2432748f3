package io.pushgateway.broker;

/**
 * The broker did not take a message: no confirm in time, a nack, or no queue to route it to.
 * Transient by nature: the request that produced the message is redelivered, never acked.
 */
public class PublishFailedException extends RuntimeException {

    public PublishFailedException(String message) {
        super(message);
    }

    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
