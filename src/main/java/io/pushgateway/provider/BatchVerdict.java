package io.pushgateway.provider;

/**
 * The one place that says when a send batch counts as a failed call for the circuit breaker:
 * when more than half of its sends failed transiently (5xx, 429, timeout, connection error,
 * refused access token). An outage fails every send, so it still opens the circuit after
 * push.breaker.minimum-calls batches; a single bad token, or a few unlucky sends, never does.
 * A legacy batch is one multicast, so it fails when that one request failed transiently.
 */
public final class BatchVerdict {

    private BatchVerdict() {
    }

    public static boolean failed(int sends, int transientFailures) {
        return sends > 0 && transientFailures * 2 > sends;
    }
}
