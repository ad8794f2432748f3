package io.pushgateway.route;

import io.pushgateway.core.OutboundMessage;
import io.pushgateway.core.RequestGroup;
import io.pushgateway.outcome.FailurePolicy;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * Bean {@code failures}, called by consume-push-requests and push-error-policy: hands the exchange's
 * group and caught exception to {@link FailurePolicy}, the one place that decides fatal versus
 * transient.
 */
public final class Failures {

    private final FailurePolicy policy;

    public Failures(FailurePolicy policy) {
        this.policy = policy;
    }

    public boolean isFatal(Exchange exchange) {
        return policy.isFatal(caught(exchange), group(exchange));
    }

    public List<OutboundMessage> parkRefused(RequestGroup group) {
        return policy.parkRefused(group);
    }

    public List<OutboundMessage> deadLettersForGroup(Exchange exchange) {
        return policy.deadLettersForGroup(group(exchange), caught(exchange));
    }

    static RequestGroup group(Exchange exchange) {
        return exchange.getProperty(RequestGroup.PROPERTY, RequestGroup.class);
    }

    static Throwable caught(Exchange exchange) {
        return exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }
}
