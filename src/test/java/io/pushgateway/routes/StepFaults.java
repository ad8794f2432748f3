package io.pushgateway.routes;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Places in the routes where a test makes processing fail, the way a bug, an FCM outage or a lost
 * broker connection would. Each point is a step woven in once (see {@link RouteTestSupport}) that
 * does nothing unless a test armed it.
 */
final class StepFaults {

    enum Point {
        /** In send-batch-default, inside the breaker, just before the batch is sent to FCM. */
        FCM_SEND,
        /** In consume-push-requests, just before the group's outcomes are planned. */
        PLAN_OUTCOMES,
        /** In publish-outcomes, right after a derived message was shaped, outside the publish's doTry. */
        MESSAGE_SHAPED,
        /** In deliver-realtime, inside its doTry, just before the group's real-time messages are planned. */
        REALTIME_PLAN
    }

    private record Fault(Point point, Predicate<Exchange> when, RuntimeException failure) {
    }

    private final List<Fault> faults = new CopyOnWriteArrayList<>();

    /** Every exchange reaching {@code point} fails with {@code failure}. */
    void failAt(Point point, RuntimeException failure) {
        failAt(point, exchange -> true, failure);
    }

    void failAt(Point point, Predicate<Exchange> when, RuntimeException failure) {
        faults.add(new Fault(point, when, failure));
    }

    void clear() {
        faults.clear();
    }

    Processor at(Point point) {
        return exchange -> {
            for (Fault fault : faults) {
                if (fault.point() == point && fault.when().test(exchange)) {
                    throw fault.failure();
                }
            }
        };
    }
}
