/**
 * The ground floor: the shared words of a push request and its results, which every other
 * package uses and which use nothing of ours. A request ({@link io.pushgateway.core.PushRequest},
 * its {@link io.pushgateway.core.DeviceToken}s and their {@link io.pushgateway.core.TargetKind}),
 * the delivery it came in ({@link io.pushgateway.core.RequestContext}), the group of requests one
 * intake exchange carries ({@link io.pushgateway.core.RequestGroup}, under the exchange property
 * {@value io.pushgateway.core.RequestGroup#PROPERTY}), what each target gave
 * ({@link io.pushgateway.core.TokenResult}, {@link io.pushgateway.core.Outcome}) and the messages
 * that follow from it ({@link io.pushgateway.core.OutboundMessage}). It decides the words only:
 * what a valid request is belongs to {@code intake}, what an answer means to {@code provider}.
 */
package io.pushgateway.core;
