/**
 * What a request's results lead to: events, retry requests and dead letters, request by request
 * ({@link io.pushgateway.outcome.OutcomePlanner}, {@link io.pushgateway.outcome.GroupPlanner}), and
 * the one place that decides fatal versus transient ({@link io.pushgateway.outcome.FailurePolicy}):
 * a request whose outcomes the broker refused is parked on a retry level
 * ({@link io.pushgateway.outcome.RequestParking}), and a request that cannot be processed is
 * dead-lettered once, as it was received.
 */
package io.pushgateway.outcome;
