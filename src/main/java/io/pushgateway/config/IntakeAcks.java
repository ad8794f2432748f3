package io.pushgateway.config;

import org.apache.camel.CamelContext;
import org.apache.camel.component.springrabbit.DefaultListenerContainerFactory;
import org.apache.camel.component.springrabbit.SpringRabbitMQComponent;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Acks intake messages in groups (push.intake.messages-per-ack): the listener container acks with
 * {@code multiple=true} after that many processed requests, or after push.intake.ack-timeout,
 * instead of one {@code basic.ack} per request. Still only after each request's outcomes were
 * confirmed: a crash before the group's ack means those requests come back (at least once, as
 * always). A failed request first acks the pending ones, then goes back to the queue alone.
 * camel-spring-rabbitmq has no option for it, so its container factory is extended here.
 */
@Configuration(proxyBeanMethods = false)
public class IntakeAcks {

    @Bean
    CamelContextConfiguration groupedIntakeAcks(PushProperties props) {
        int perAck = props.intake().messagesPerAck();
        long timeout = props.intake().ackTimeout().toMillis();
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext context) {
                if (perAck <= 1) {
                    return;
                }
                context.getComponent("spring-rabbitmq", SpringRabbitMQComponent.class)
                        .setListenerContainerFactory(endpoint -> {
                            var container = new DefaultListenerContainerFactory().createListenerContainer(endpoint);
                            if (container instanceof DirectMessageListenerContainer direct) {
                                direct.setMessagesPerAck(perAck);
                                direct.setAckTimeout(timeout);
                            }
                            return container;
                        });
            }

            @Override
            public void afterApplicationStart(CamelContext context) {
            }
        };
    }
}
