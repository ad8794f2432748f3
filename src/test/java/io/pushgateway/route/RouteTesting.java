package io.pushgateway.route;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushgateway.core.DeviceToken;
import io.pushgateway.core.OutboundMessage;
import io.pushgateway.core.Outcome;
import io.pushgateway.core.PushHeaders;
import io.pushgateway.core.PushRequest;
import io.pushgateway.core.RequestContext;
import io.pushgateway.core.RequestGroup;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

/** Exchanges and groups as the routes hand them to the route beans. */
final class RouteTesting {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DefaultCamelContext CAMEL = new DefaultCamelContext();

    private RouteTesting() {
    }

    static Exchange exchange(Object body) {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.getMessage().setBody(body);
        return exchange;
    }

    static RequestGroup.Member member(String id, String... tokens) {
        var original = JSON.createObjectNode().put("title", "t");
        var array = original.putArray("registration_tokens");
        List<DeviceToken> targets = new java.util.ArrayList<>();
        for (String token : tokens) {
            array.add(token);
            targets.add(new DeviceToken(null, token));
        }
        var request = new PushRequest(id, null, "t", null, null, null, Map.of(), null, null, null, targets, false,
                original);
        MessageProperties props = new MessageProperties();
        props.setMessageId(id);
        return RequestGroup.Member.read(new Message("{}".getBytes(StandardCharsets.UTF_8), props),
                new RequestContext(request, 0, Instant.EPOCH, null, null, false, 0), false);
    }

    static OutboundMessage deleteEvent(String id, String token) {
        return new OutboundMessage(Outcome.TOKEN_DELETE, "{}".getBytes(StandardCharsets.UTF_8),
                Map.of(PushHeaders.ATTEMPT, 0), id, null, "token.delete", List.of(new DeviceToken(null, token)));
    }
}
