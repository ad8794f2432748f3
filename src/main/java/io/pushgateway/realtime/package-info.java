/**
 * The real-time channel (contract section 6): one message per online recipient of a push request
 * (browsers over Web-STOMP, MQTT apps, application servers) on the {@code push.realtime} topic
 * exchange, next to the FCM send and never in its way.
 */
package io.pushgateway.realtime;
