package io.pushgateway.route;

import io.pushgateway.core.RequestGroup;
import io.pushgateway.intake.GroupReader;
import io.pushgateway.metrics.PushMetrics;
import java.util.List;
import org.springframework.amqp.core.Message;

/**
 * Bean {@code intake}, the first step of consume-push-requests: the group of deliveries the
 * {@code broker:} consumer hands over becomes a {@link RequestGroup} ({@link GroupReader}).
 */
public final class Intake {

    private final GroupReader reader;
    private final PushMetrics metrics;

    public Intake(GroupReader reader, PushMetrics metrics) {
        this.reader = reader;
        this.metrics = metrics;
    }

    public RequestGroup read(List<Message> deliveries) {
        metrics.requestsConsumed(deliveries.size());
        return reader.read(deliveries);
    }
}
