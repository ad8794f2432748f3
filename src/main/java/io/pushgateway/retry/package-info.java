/**
 * Which retry level tokens that failed transiently wait on, and for how long: the attempt count
 * against {@code push.retry.delays}, FCM's Retry-After, and the breaker's next probe for tokens
 * never sent.
 */
package io.pushgateway.retry;
