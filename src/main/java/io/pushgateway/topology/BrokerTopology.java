package io.pushgateway.topology;

import io.pushgateway.config.PushProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exchanges, queues and bindings of contract section 1, computed from configuration.
 * Pure data, so a test can read what would be declared without a broker.
 */
public final class BrokerTopology {

    public record ExchangeSpec(String name, String type) {
    }

    public record QueueSpec(String name, Map<String, Object> arguments) {
    }

    public record BindingSpec(String queue, String exchange, String routingKey) {
    }

    private final List<ExchangeSpec> exchanges = new ArrayList<>();
    private final List<QueueSpec> queues = new ArrayList<>();
    private final List<BindingSpec> bindings = new ArrayList<>();

    public BrokerTopology(PushProperties.Topology t, List<Duration> retryDelays) {
        exchanges.add(new ExchangeSpec(t.intakeExchange(), "direct"));
        exchanges.add(new ExchangeSpec(t.feedbackExchange(), "topic"));
        exchanges.add(new ExchangeSpec(t.deadLetterExchange(), "direct"));

        queues.add(new QueueSpec(t.intakeQueue(), intakeArguments(t)));
        bindings.add(new BindingSpec(t.intakeQueue(), t.intakeExchange(), t.intakeRoutingKey()));

        boolean quorum = t.outcomeQueueType() == PushProperties.QueueType.QUORUM;
        queues.add(new QueueSpec(t.tokenUpdateQueue(), outcomeArguments(quorum)));
        bindings.add(new BindingSpec(t.tokenUpdateQueue(), t.feedbackExchange(), t.tokenUpdateRoutingKey()));
        queues.add(new QueueSpec(t.tokenDeleteQueue(), outcomeArguments(quorum)));
        bindings.add(new BindingSpec(t.tokenDeleteQueue(), t.feedbackExchange(), t.tokenDeleteRoutingKey()));

        queues.add(new QueueSpec(t.deadLetterQueue(), outcomeArguments(quorum)));
        bindings.add(new BindingSpec(t.deadLetterQueue(), t.deadLetterExchange(), t.deadLetterRoutingKey()));

        for (int level = 1; level <= retryDelays.size(); level++) {
            Map<String, Object> args = new LinkedHashMap<>(outcomeArguments(quorum));
            // A message waits out the TTL, then the broker dead-letters it back to the intake.
            args.put("x-message-ttl", retryDelays.get(level - 1).toMillis());
            args.put("x-dead-letter-exchange", t.intakeExchange());
            args.put("x-dead-letter-routing-key", t.intakeRoutingKey());
            if (quorum) {
                // A quorum queue drops a dead letter the intake cannot take at that moment (its
                // leader node just went away) unless it dead-letters at least once, which RabbitMQ
                // allows only with reject-publish overflow (no length limit is set, so nothing is
                // ever rejected).
                args.put("x-dead-letter-strategy", "at-least-once");
                args.put("x-overflow", "reject-publish");
            }
            queues.add(new QueueSpec(t.retryQueue(level), args));
        }
    }

    /** Adds a durable topic exchange of a feature that is switched on (the real-time channel's). */
    public BrokerTopology withTopicExchange(String name) {
        exchanges.add(new ExchangeSpec(name, "topic"));
        return this;
    }

    private static Map<String, Object> outcomeArguments(boolean quorum) {
        return quorum ? Map.of("x-queue-type", "quorum") : Map.of();
    }

    private static Map<String, Object> intakeArguments(PushProperties.Topology t) {
        Map<String, Object> args = new LinkedHashMap<>();
        if (t.intakeQueueType() == PushProperties.QueueType.QUORUM) {
            args.put("x-queue-type", "quorum");
            if (t.intakeDeliveryLimit() > 0) {
                // Backstop against a message that kills the gateway each time it is processed:
                // after this many redeliveries the broker moves it to the dead-letter queue.
                args.put("x-delivery-limit", t.intakeDeliveryLimit());
                args.put("x-dead-letter-exchange", t.deadLetterExchange());
                args.put("x-dead-letter-routing-key", t.deadLetterRoutingKey());
            }
        }
        return args;
    }

    public List<ExchangeSpec> exchanges() {
        return List.copyOf(exchanges);
    }

    public List<QueueSpec> queues() {
        return List.copyOf(queues);
    }

    public List<BindingSpec> bindings() {
        return List.copyOf(bindings);
    }
}
