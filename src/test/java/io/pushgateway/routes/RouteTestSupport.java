package io.pushgateway.routes;

import static io.pushgateway.routes.StepFaults.Point.FCM_SEND;
import static io.pushgateway.routes.StepFaults.Point.MESSAGE_SHAPED;
import static io.pushgateway.routes.StepFaults.Point.PLAN_OUTCOMES;
import static io.pushgateway.routes.StepFaults.Point.REALTIME_PLAN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.pushgateway.routes.BrokerStandIn.Outlet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.amqp.core.Message;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The YAML routes as shipped, in the whole gateway's Spring context, with no RabbitMQ: the broker:
 * consumer is replaced by {@code direct:push-intake} and every broker: producer by a mock endpoint
 * ({@link BrokerStandIn}); FCM is the embedded emulator, which answers each token as its name says
 * (README, "The FCM emulator"). Every test class of this package that extends this one runs in the same
 * Spring context (same annotations, properties and imports, so Spring's test context cache reuses it);
 * the routes are advised once, when that context's Camel is not started yet, and then started. No test
 * references a main class: the routes are driven by bean names, step ids, headers and JSON, as in the YAML.
 *
 * <p>Nothing is waited for: {@code direct:} runs a whole group on the test's thread, and the parallel splits
 * (publishes, real-time messages) complete before their step does, so when {@link BrokerStandIn#deliver}
 * returns, every message the group led to is at its mock endpoint, and the exchange is as the consumer would
 * see it (its exception, its {@code PushRequeue}).
 *
 * <p>The emulator speaks the legacy protocol here: it is the only one whose answers name a canonical
 * token, so it is the only way a route test reaches the token-update branch of publish-outcomes; every
 * route step is the same for both protocols. The real-time channel is on, so deliver-realtime is called.
 *
 * <p>What talks to the broker while the context starts, and how it is kept from doing so:
 * <ul>
 *   <li>{@code brokerTopology} declares the exchanges and queues when it is created: its bean
 *       definition is removed ({@link WithoutBroker}); nothing injects it;</li>
 *   <li>the intake's broker: consumer connects when its route starts: the route's {@code from} is
 *       replaced before Camel starts, so it is never created;</li>
 *   <li>the RabbitMQ health indicator connects when health is asked for: switched off, with the readiness
 *       group that named it; no web server either.</li>
 * </ul>
 * The broker address points at a closed local port, so anything that did try to connect would fail
 * loudly instead of finding some other broker.
 */
@CamelSpringBootTest
@UseAdviceWith
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "spring.rabbitmq.host=127.0.0.1",
        "spring.rabbitmq.port=1",
        "spring.rabbitmq.connection-timeout=1s",
        "management.health.rabbit.enabled=false",
        "management.endpoint.health.group.readiness.include=readinessState",
        "push.emulator.protocol=legacy",
        "push.realtime.enabled=true",
        "push.retry.delays=1s,5s,30s",
})
@Import(RouteTestSupport.WithoutBroker.class)
abstract class RouteTestSupport {

    /** The exchange property the broker: consumer reads: the deliveries it returns to the queue. */
    static final String REQUEUE = "PushRequeue";
    /** Spy: every batch that reached the FCM send step of the default project (inside its breaker). */
    static final String FCM_SENDS = "mock:spy-fcm-sends";
    /** Spy: every call of the publish-outcomes route, with the list of messages it was given. */
    static final String PUBLISH_CALLS = "mock:spy-publish-outcomes";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    protected CamelContext camel;

    @Autowired
    protected BrokerStandIn broker;

    @Autowired
    protected StepFaults faults;

    @TestConfiguration(proxyBeanMethods = false)
    static class WithoutBroker {

        /** brokerTopology declares the gateway's broker objects as it is created; nothing else needs it. */
        @Bean
        static BeanDefinitionRegistryPostProcessor noBrokerTopologyDeclaredAtStart() {
            return registry -> registry.removeBeanDefinition("brokerTopology");
        }

        @Bean
        BrokerStandIn brokerStandIn(CamelContext camel) {
            return new BrokerStandIn(camel);
        }

        @Bean
        StepFaults stepFaults() {
            return new StepFaults();
        }
    }

    @BeforeEach
    void routesWithTheBrokerStandIn() throws Exception {
        if (!camel.getStatus().isStarted()) {
            advise();
            camel.start();
        }
        MockEndpoint.resetMocks(camel);
        broker.reset();
        faults.clear();
        // A test that opened the circuit (or failed batches on purpose) leaves nothing behind.
        breaker().reset();
    }

    private void advise() throws Exception {
        AdviceWith.adviceWith(camel, "consume-push-requests", false, route -> {
            route.replaceFromWith(BrokerStandIn.INTAKE);
            route.weaveById("plan-outcomes").before().process(faults.at(PLAN_OUTCOMES));
        });
        // The template's step ids hold {{project}} until the route is made, hence the pattern.
        AdviceWith.adviceWith(camel, "send-batch-default", false, route ->
                route.weaveById("send-to-fcm-*").before().to(FCM_SENDS).process(faults.at(FCM_SEND)));
        AdviceWith.adviceWith(camel, "publish-outcomes", false, route -> {
            route.weaveAddFirst().to(PUBLISH_CALLS);
            route.weaveById("shape-message").after().process(faults.at(MESSAGE_SHAPED));
            publishTo(route, "to-token-update", Outlet.TOKEN_UPDATE);
            publishTo(route, "to-token-delete", Outlet.TOKEN_DELETE);
            publishTo(route, "to-retry-delay", Outlet.RETRY);
            publishTo(route, "to-dead-letter", Outlet.DEAD_LETTER);
        });
        AdviceWith.adviceWith(camel, "deliver-realtime", false, route -> {
            route.weaveById("each-realtime-message").before().process(faults.at(REALTIME_PLAN));
            publishTo(route, "publish-realtime-message", Outlet.REALTIME);
        });
    }

    private void publishTo(AdviceWithRouteBuilder route, String stepId, Outlet outlet) {
        route.weaveById(stepId).replace().process(broker.gate(outlet)).to(outlet.mock);
    }

    /** The circuit breaker of the default Firebase project, as the send-batch route finds it. */
    protected CircuitBreaker breaker() {
        return camel.getRegistry().lookupByNameAndType("fcmBreaker-default", CircuitBreaker.class);
    }

    protected MockEndpoint spy(String uri) {
        return MockEndpoint.resolve(camel, uri);
    }

    /** A body the broker took, as JSON. */
    protected static JsonNode json(Exchange message) {
        try {
            return JSON.readTree(message.getMessage().getBody(byte[].class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static String text(Exchange message) {
        return new String(message.getMessage().getBody(byte[].class), StandardCharsets.UTF_8);
    }

    protected static Object header(Exchange message, String name) {
        return message.getMessage().getHeader(name);
    }

    /** The tokens of a retry request or a dead letter, as its target field holds them. */
    protected static JsonNode tokensOf(Exchange message) {
        return json(message).get("registration_tokens");
    }

    /** A JSON value written in a test, for comparing with a body's. */
    protected static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one message of {@code messages}; fails when there are none or more. */
    protected static Exchange single(List<Exchange> messages) {
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    protected static Map<Object, Exchange> byHeader(List<Exchange> messages, String header) {
        return messages.stream().collect(Collectors.toMap(m -> header(m, header), Function.identity()));
    }

    /** What the broker: consumer would return to the queue instead of acking. */
    @SuppressWarnings("unchecked")
    protected static List<Message> requeued(Exchange group) {
        return group.getProperty(REQUEUE, List.class);
    }
}
