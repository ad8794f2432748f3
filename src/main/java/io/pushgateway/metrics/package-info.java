/**
 * The gateway's own meters (Micrometer, scraped as Prometheus): tokens by outcome, requests
 * consumed and dead-lettered, retries per level, FCM call times and the breaker state; and which
 * provider answers ({@link io.pushgateway.metrics.ProviderInfo}: a gauge, the actuator info entry,
 * and a repeated WARN banner while the built-in emulator does).
 */
package io.pushgateway.metrics;
