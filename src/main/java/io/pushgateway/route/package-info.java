/**
 * The beans the YAML routes call, one class each, named as the routes name them
 * ({@code intake} is {@link io.pushgateway.route.Intake}, {@code fcmSend}
 * {@link io.pushgateway.route.FcmSend}, {@code tokenResults} {@link io.pushgateway.route.TokenResults},
 * {@code outcomes} {@link io.pushgateway.route.Outcomes}, {@code failures}
 * {@link io.pushgateway.route.Failures}, {@code realtime} {@link io.pushgateway.route.Realtime}).
 * Each is a thin adapter: it takes what it needs from the Camel exchange and hands plain Java to
 * the packages beneath. This package and the wiring are the only ones, with the {@code broker:}
 * component, that import Camel; it decides nothing itself.
 */
package io.pushgateway.route;
