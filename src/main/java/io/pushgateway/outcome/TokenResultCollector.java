package io.pushgateway.outcome;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Gathers the per-send result lists of the split into one list for the whole request. A branch
 * that failed passes its exception on, so the request fails instead of losing those tokens.
 * Camel calls it one branch at a time (no parallel aggregation), so a plain list is safe.
 */
public final class TokenResultCollector implements AggregationStrategy {

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange gathered, Exchange branch) {
        if (gathered == null) {
            List<TokenResult> all = new ArrayList<>();
            addBranch(all, branch);
            branch.getMessage().setBody(all);
            return branch;
        }
        if (branch.getException() != null && gathered.getException() == null) {
            gathered.setException(branch.getException());
        }
        addBranch(gathered.getMessage().getBody(List.class), branch);
        return gathered;
    }

    @SuppressWarnings("unchecked")
    private static void addBranch(List<TokenResult> all, Exchange branch) {
        Object body = branch.getMessage().getBody();
        if (body instanceof List<?> list) {
            all.addAll((List<TokenResult>) list);
        }
    }
}
