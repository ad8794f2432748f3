package io.pushgateway.routes;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mock.MockEndpoint;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;

/**
 * What the routes meet instead of RabbitMQ. The intake's {@code broker:} consumer becomes
 * {@code direct:push-intake}, fed a {@code List<Message>} exactly as the consumer hands a group over;
 * every {@code broker:} producer (the four outcome endpoints, the real-time one) becomes a gate and a
 * mock endpoint. The gate refuses what a test told it to refuse by throwing an {@link AmqpException},
 * as the broker's refusal does; the mock holds every message the "broker" took, nothing else.
 */
final class BrokerStandIn {

    static final String INTAKE = "direct:push-intake";

    /** The replaced publish endpoints, by the mock each one became. */
    enum Outlet {
        TOKEN_UPDATE("token-update"), TOKEN_DELETE("token-delete"), RETRY("retry"), DEAD_LETTER("dead-letter"),
        REALTIME("realtime");

        final String mock;

        Outlet(String name) {
            this.mock = "mock:broker-" + name;
        }
    }

    private record Refusal(Outlet outlet, Predicate<Exchange> which, Supplier<RuntimeException> failure) {
    }

    private final CamelContext camel;
    private ProducerTemplate producer;
    private final List<Refusal> refusals = new CopyOnWriteArrayList<>();
    private final List<Exchange> refused = new CopyOnWriteArrayList<>();

    BrokerStandIn(CamelContext camel) {
        this.camel = camel;
    }

    /** One group of deliveries through the intake route; the exchange comes back as the consumer would see it. */
    Exchange deliver(Message... deliveries) {
        if (producer == null) {
            producer = camel.createProducerTemplate();
        }
        return producer.send(INTAKE, exchange -> exchange.getMessage().setBody(List.of(deliveries)));
    }

    /** From now on the broker refuses the messages for {@code outlet} that {@code which} picks. */
    void refuse(Outlet outlet, Predicate<Exchange> which) {
        refuse(outlet, which, () -> new AmqpException("the stand-in broker refused a message for " + outlet));
    }

    /**
     * From now on the endpoint at {@code outlet} fails the messages {@code which} picks with {@code failure}:
     * for a failure that is not the broker's (an outcome endpoint re-pointed at something that breaks).
     */
    void refuse(Outlet outlet, Predicate<Exchange> which, Supplier<RuntimeException> failure) {
        refusals.add(new Refusal(outlet, which, failure));
    }

    /** Picks the messages of one request (the broker: producer's message id header). */
    static Predicate<Exchange> ofRequest(String messageId) {
        return exchange -> messageId.equals(exchange.getMessage().getHeader("PushMessageId"));
    }

    /** The messages the broker took at {@code outlet}. */
    List<Exchange> took(Outlet outlet) {
        return mock(outlet).getReceivedExchanges();
    }

    /** The messages the broker refused, at any outlet. */
    List<Exchange> refused() {
        return List.copyOf(refused);
    }

    MockEndpoint mock(Outlet outlet) {
        return MockEndpoint.resolve(camel, outlet.mock);
    }

    void reset() {
        refusals.clear();
        refused.clear();
        for (Outlet outlet : Outlet.values()) {
            mock(outlet).reset();
        }
    }

    /** Stands in the route before the outlet's mock: throws for a refused message, so the mock never sees it. */
    Processor gate(Outlet outlet) {
        return exchange -> {
            for (Refusal refusal : refusals) {
                if (refusal.outlet() == outlet && refusal.which().test(exchange)) {
                    refused.add(exchange.copy());
                    throw refusal.failure().get();
                }
            }
        };
    }
}
