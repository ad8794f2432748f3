package io.pushgateway.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The results of a batch, or of a whole request once its batches are gathered. A delivered token
 * needs nothing but counting, so only the other results are kept: a 100,000-token broadcast that
 * went well holds a number, not 100,000 records.
 */
public final class TokenResults {

    private int delivered;
    private final List<TokenResult> notDelivered = new ArrayList<>();

    public void addDelivered() {
        delivered++;
    }

    public void add(TokenResult result) {
        if (result.outcome() == Outcome.DELIVERED) {
            delivered++;
        } else {
            notDelivered.add(result);
        }
    }

    public void addAll(List<TokenResult> results) {
        results.forEach(this::add);
    }

    public void addAll(TokenResults other) {
        delivered += other.delivered;
        notDelivered.addAll(other.notDelivered);
    }

    public int delivered() {
        return delivered;
    }

    /** Every result that is not a plain delivery (updates, deletes, retries, dead letters), in send order. */
    public List<TokenResult> notDelivered() {
        return notDelivered;
    }

    public int size() {
        return delivered + notDelivered.size();
    }

    public static TokenResults of(List<TokenResult> results) {
        TokenResults out = new TokenResults();
        out.addAll(results);
        return out;
    }
}
