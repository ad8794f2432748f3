package io.pushgateway.provider;

/**
 * A send batch that {@link BatchVerdict} counts as failed. Thrown inside the circuit breaker so
 * that it counts against it; it carries every token's result (the transient failures go to the
 * retry levels, the tokens FCM did answer keep their outcome), which the fallback hands on.
 */
public class FcmBatchFailedException extends RuntimeException {

    private final transient BatchResults results;

    public FcmBatchFailedException(int sends, int transientFailures, String firstError, BatchResults results) {
        super(transientFailures + " of " + sends + " FCM send(s) failed transiently (first: " + firstError + ")");
        this.results = results;
    }

    public BatchResults results() {
        return results;
    }
}
