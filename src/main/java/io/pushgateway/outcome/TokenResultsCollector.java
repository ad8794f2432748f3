package io.pushgateway.outcome;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Gathers the {@link TokenResults} of a request's send batches into one. A batch that failed
 * passes its exception on, so the request fails instead of losing those tokens. The batches of a
 * request are sent one after the other, so Camel calls this one batch at a time.
 */
public final class TokenResultsCollector implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange gathered, Exchange batch) {
        if (gathered == null) {
            TokenResults all = new TokenResults();
            addBatch(all, batch);
            batch.getMessage().setBody(all);
            return batch;
        }
        if (batch.getException() != null && gathered.getException() == null) {
            gathered.setException(batch.getException());
        }
        addBatch(gathered.getMessage().getBody(TokenResults.class), batch);
        return gathered;
    }

    private static void addBatch(TokenResults all, Exchange batch) {
        if (batch.getMessage().getBody() instanceof TokenResults results) {
            all.addAll(results);
        }
    }
}
