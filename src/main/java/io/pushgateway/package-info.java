/**
 * The application and its wiring, the top floor of the house: {@link io.pushgateway.GatewayBeans}
 * makes the beans the YAML routes call by name from the plain Java beneath them, and the other
 * configuration classes here set up what Spring and Camel need around them (the HTTP component,
 * the broker connection's hostname check, the real-time page). Settings themselves live in
 * {@code config}; nothing below this package imports it.
 */
package io.pushgateway;
