/**
 * The gateway's own meters (Micrometer, scraped as Prometheus): tokens by outcome, requests
 * consumed and dead-lettered, retries per level, FCM call times and the breaker state.
 */
package io.pushgateway.metrics;
