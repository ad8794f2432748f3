package io.pushgateway.broker;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.support.converter.MessageConverter;

/**
 * Hands the intake route the message body as the exact bytes published. Producers send JSON
 * as text/plain, and decoding it as text here would hide bytes that are not valid UTF-8.
 */
public final class RawBodyConverter implements MessageConverter {

    @Override
    public Message toMessage(Object object, MessageProperties properties) {
        return new Message((byte[]) object, properties);
    }

    @Override
    public Object fromMessage(Message message) {
        return message.getBody();
    }
}
