package io.pushgateway.route;

import io.pushgateway.provider.BatchResults;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Bean {@code tokenResults}, the aggregation strategy of the split into send batches: hands each
 * batch's results ({@link BatchResults}) to the requests they belong to. A batch that failed passes
 * its exception on, so the group fails instead of losing those tokens. The batches of a group are
 * sent one after the other, so Camel calls this one batch at a time.
 */
public final class TokenResults implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange gathered, Exchange batch) {
        if (batch.getMessage().getBody() instanceof BatchResults results) {
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
