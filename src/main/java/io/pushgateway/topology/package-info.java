/**
 * The exchanges, queues and bindings of contract section 1, computed from configuration and
 * declared once at start. A declaration that conflicts with what the broker has stops start-up
 * with a message that says what differs. One of the queues, the presence queue, is how the
 * gateways count each other ({@link io.pushgateway.topology.LiveGateways}): each holds one
 * consumer there, and the consumer count is the number that share a project's quota.
 */
package io.pushgateway.topology;
