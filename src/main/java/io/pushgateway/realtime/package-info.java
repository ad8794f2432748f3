/**
 * The real-time channel (contract section 6): one message per online recipient of a push request
 * (browsers over Web-STOMP, MQTT apps, application servers) on the {@code push.realtime} topic
 * exchange, next to the FCM send and never in its way. It decides who gets a message (first
 * deliveries only, valid recipient ids) and what the message says.
 */
package io.pushgateway.realtime;
