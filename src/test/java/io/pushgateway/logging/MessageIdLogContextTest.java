package io.pushgateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgateway.intake.DeviceToken;
import io.pushgateway.intake.IntakeStep;
import io.pushgateway.intake.PushRequest;
import io.pushgateway.outcome.RequestContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class MessageIdLogContextTest {

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final List<String> seenDuringStep = new ArrayList<>();
    private final Processor step = exchange -> seenDuringStep.add(MDC.get(IntakeStep.MDC_MESSAGE_ID));
    private final Processor tagged = new MessageIdLogContext().wrapProcessorInInterceptors(camel, null, step, null);

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @Test
    void aStepOfARequestThatWasReadSeesItsMessageId() throws Exception {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(IntakeStep.CONTEXT, contextOf("req-7"));

        tagged.process(exchange);

        assertThat(seenDuringStep).containsExactly("req-7");
    }

    @Test
    void aStepBeforeTheRequestWasReadSeesTheAmqpMessageId() throws Exception {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader(IntakeStep.AMQP_MESSAGE_ID, "amqp-3");

        tagged.process(exchange);

        assertThat(seenDuringStep).containsExactly("amqp-3");
    }

    @Test
    void theIdIsGoneFromTheThreadOnceTheStepReturns() throws Exception {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(IntakeStep.CONTEXT, contextOf("req-8"));

        tagged.process(exchange);

        assertThat(seenDuringStep).containsExactly("req-8");
        assertThat(MDC.get(IntakeStep.MDC_MESSAGE_ID)).isNull();
    }

    @Test
    void aStepOfAnotherRequestOnTheSameThreadSeesItsOwnIdNotThePreviousOne() throws Exception {
        Exchange first = new DefaultExchange(camel);
        first.setProperty(IntakeStep.CONTEXT, contextOf("first"));
        Exchange anonymous = new DefaultExchange(camel);

        tagged.process(first);
        tagged.process(anonymous);

        assertThat(seenDuringStep).containsExactly("first", null);
    }

    private static RequestContext contextOf(String messageId) {
        var request = new PushRequest(messageId, "CODE", "t", null, null, null, Map.of(), null, null, null,
                List.of(new DeviceToken(null, "tok-1")), false, null);
        return new RequestContext(request, 0, Instant.EPOCH, "push.request", "application/json");
    }
}
