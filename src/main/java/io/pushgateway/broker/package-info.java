/**
 * The {@code broker:} Camel component: publishing with confirms and the mandatory flag, and
 * consuming the intake queue in groups through Spring AMQP's listener container, with one ack
 * per group. It decides how a delivery is settled (acked, or returned to the queue), never what a
 * message means; it imports nothing else of ours.
 */
package io.pushgateway.broker;
