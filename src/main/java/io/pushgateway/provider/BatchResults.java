package io.pushgateway.provider;

import io.pushgateway.core.TokenResults;
import java.util.ArrayList;
import java.util.List;

/** One result per target of a send batch, kept per part so that each goes to its own request. */
public final class BatchResults {

    private final SendBatch batch;
    private final List<TokenResults> perPart;

    BatchResults(SendBatch batch) {
        this.batch = batch;
        this.perPart = new ArrayList<>(batch.parts().size());
        for (int i = 0; i < batch.parts().size(); i++) {
            perPart.add(new TokenResults());
        }
    }

    TokenResults of(int part) {
        return perPart.get(part);
    }

    /** Adds every part's results to the results of the request it belongs to. */
    public void addToRequests() {
        for (int i = 0; i < perPart.size(); i++) {
            batch.parts().get(i).owner().results().addAll(perPart.get(i));
        }
    }
}
