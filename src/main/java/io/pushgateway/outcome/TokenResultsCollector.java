package io.pushgateway.outcome;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Hands each send batch's results to the requests they belong to (the batch's body has them, as
 * a {@code provider.BatchResults}, which this package knows only by its {@link ForRequests} face).
 * A batch that failed passes its exception on, so the group fails instead of losing those tokens.
 * The batches of a group are sent one after the other, so Camel calls this one batch at a time.
 */
public final class TokenResultsCollector implements AggregationStrategy {

    /** Results that know which request each belongs to. */
    public interface ForRequests {
        void addToRequests();
    }

    @Override
    public Exchange aggregate(Exchange gathered, Exchange batch) {
        if (batch.getMessage().getBody() instanceof ForRequests results) {
            results.addToRequests();
        }
        if (gathered == null) {
            return batch;
        }
        if (batch.getException() != null && gathered.getException() == null) {
            gathered.setException(batch.getException());
        }
        return gathered;
    }
}
