package io.pushgateway.core;

/** AMQP header names the gateway reads and writes (contract section 3). */
public final class PushHeaders {

    /** Retry number of a request: absent or 0 on the first send, 1 on the first retry, ... */
    public static final String ATTEMPT = "x-push-attempt";
    /** Epoch millis of the first receipt, carried through retries so ttl_seconds can expire it. */
    public static final String FIRST_RECEIVED = "x-push-first-received";
    /**
     * How often in a row the broker refused the outcomes of this request (a transient failure such
     * as an outcome exchange that does not exist): the request then waits on retry level N, its
     * attempt unchanged. Absent on everything but such parked requests.
     */
    public static final String PARKED = "x-push-parked";
    public static final String ERROR = "x-push-error";
    public static final String ERROR_DETAIL = "x-push-error-detail";

    private PushHeaders() {
    }
}
