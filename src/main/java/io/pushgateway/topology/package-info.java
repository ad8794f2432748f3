/**
 * The exchanges, queues and bindings of contract section 1, computed from configuration and
 * declared once at start. A declaration that conflicts with what the broker has stops start-up
 * with a message that says what differs.
 */
package io.pushgateway.topology;
