package io.pushgateway.topology;

/**
 * An exchange or queue exists on the broker with other arguments than the gateway declares
 * (RabbitMQ's "inequivalent arg" refusal). Start-up stops with this message.
 */
public class TopologyConflictException extends RuntimeException {

    private final String objectName;
    private final String argument;

    public TopologyConflictException(String kind, String objectName, String argument, String brokerText) {
        super(kind + " '" + objectName + "' already exists on the broker with a different '" + argument
                + "' than the gateway declares (broker said: " + brokerText + "). Delete it, or change the "
                + "push.topology.* settings to match it.");
        this.objectName = objectName;
        this.argument = argument;
    }

    public String objectName() {
        return objectName;
    }

    public String argument() {
        return argument;
    }
}
