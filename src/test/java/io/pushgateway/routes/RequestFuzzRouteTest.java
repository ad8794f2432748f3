package io.pushgateway.routes;

import static io.pushgateway.routes.Deliveries.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.pushgateway.intake.RequestFuzz;
import io.pushgateway.routes.BrokerStandIn.Outlet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;

/**
 * processing-error is a bug by definition: the generated requests of {@link RequestFuzz} (every field absent,
 * null, empty or of the wrong type, over every recipient shape) through the routes as shipped, in groups as
 * the consumer hands them over. Each ends in a send or a dead letter with a documented code; no group fails
 * and none is returned to the queue. (The reader alone meets the same requests on both protocols, channel on
 * and off, in PushRequestReaderFuzzTest; here the protocol is legacy and the channel on.)
 */
class RequestFuzzRouteTest extends RouteTestSupport {

    private static final int GROUP_SIZE = 200;

    @Test
    void everyGeneratedRequestEndsInASendOrADeadLetterWithADocumentedCode() {
        List<RequestFuzz.Case> cases = RequestFuzz.cases();
        List<String> failedGroups = new ArrayList<>();
        for (int from = 0; from < cases.size(); from += GROUP_SIZE) {
            List<RequestFuzz.Case> slice = cases.subList(from, Math.min(cases.size(), from + GROUP_SIZE));
            Exchange group = broker.deliver(slice.stream()
                    .map(fuzz -> request(new String(fuzz.body(), StandardCharsets.UTF_8))).toArray(Message[]::new));
            List<Message> requeued = requeued(group);
            if (group.getException() != null || requeued == null || !requeued.isEmpty()) {
                failedGroups.add("group from " + slice.get(0) + ": " + group.getException() + ", requeued " + requeued);
            }
        }

        assertThat(failedGroups).isEmpty();
        assertThat(broker.took(Outlet.DEAD_LETTER)).allSatisfy(dead -> {
            String code = (String) header(dead, "x-push-error");
            assertThat(RequestFuzz.DOCUMENTED_CODES.contains(code) || code.startsWith("fcm-"))
                    .as("dead letter %s of %s", code, text(dead)).isTrue();
        });
    }
}
