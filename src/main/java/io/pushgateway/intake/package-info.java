/**
 * Reading: what a valid push request is, and every reason one is refused
 * ({@link io.pushgateway.intake.PushRequestReader}); where a delivery comes from (its attempt, a
 * retry level, a parked request: {@link io.pushgateway.intake.RetryProvenance}); and a group of
 * deliveries read into a {@link io.pushgateway.core.RequestGroup}
 * ({@link io.pushgateway.intake.GroupReader}). An invalid request does not fail its group: its
 * member carries the error and is dead-lettered.
 */
package io.pushgateway.intake;
