package io.pushgateway.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Publishes like the seed PHP producer and reads the gateway's output queues. Messages read but
 * not yet asked for are kept, so tests that share a queue only ever see their own.
 */
public final class BrokerProbe {

    private final RabbitTemplate template;
    private final RabbitAdmin admin;
    private final Map<String, List<Message>> unclaimed = new HashMap<>();

    public BrokerProbe(RabbitTemplate template) {
        this.template = template;
        this.admin = new RabbitAdmin(template.getConnectionFactory());
    }

    /** Publishes {@code json} as the seed producer does: text/plain and an AMQP type of its own. */
    public void publishRequest(String json) {
        publishRaw(json.getBytes(StandardCharsets.UTF_8), null);
    }

    public void publishRaw(byte[] body, String amqpMessageId) {
        MessageProperties props = new MessageProperties();
        props.setContentType("text/plain");
        props.setType("push.request");
        if (amqpMessageId != null) {
            props.setMessageId(amqpMessageId);
        }
        template.send("push", "push.send", new Message(body, props));
    }

    /** Waits until {@code count} messages matching {@code filter} arrived on {@code queue}. */
    public synchronized List<Message> await(String queue, Predicate<Message> filter, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Message> found = new ArrayList<>();
        List<Message> kept = unclaimed.computeIfAbsent(queue, q -> new ArrayList<>());
        for (Iterator<Message> it = kept.iterator(); it.hasNext() && found.size() < count; ) {
            Message m = it.next();
            if (filter.test(m)) {
                found.add(m);
                it.remove();
            }
        }
        while (found.size() < count && System.nanoTime() < deadline) {
            Message m = template.receive(queue, 200);
            if (m == null) {
                continue;
            }
            if (filter.test(m)) {
                found.add(m);
            } else {
                kept.add(m);
            }
        }
        if (found.size() < count) {
            throw new AssertionError("expected " + count + " message(s) on " + queue + " within " + timeout
                    + ", got " + found.size());
        }
        return found;
    }

    /** Messages matching {@code filter} that arrive on {@code queue} within {@code window}: expects none. */
    public synchronized List<Message> collect(String queue, Predicate<Message> filter, Duration window) {
        long deadline = System.nanoTime() + window.toNanos();
        List<Message> found = new ArrayList<>();
        List<Message> kept = unclaimed.computeIfAbsent(queue, q -> new ArrayList<>());
        kept.removeIf(m -> filter.test(m) && found.add(m));
        while (System.nanoTime() < deadline) {
            Message m = template.receive(queue, 100);
            if (m != null) {
                if (filter.test(m)) {
                    found.add(m);
                } else {
                    kept.add(m);
                }
            }
        }
        return found;
    }

    public int depth(String queue) {
        var info = admin.getQueueInfo(queue);
        return info == null ? -1 : info.getMessageCount();
    }

    public static String body(Message m) {
        return new String(m.getBody(), StandardCharsets.UTF_8);
    }

    public static Predicate<Message> withMessageId(String id) {
        return m -> id.equals(m.getMessageProperties().getMessageId());
    }

    public static Object header(Message m, String name) {
        return m.getMessageProperties().getHeaders().get(name);
    }
}
