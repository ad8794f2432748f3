package io.pushgateway.provider;

/**
 * What FCM said to each request of a batch, in send order (v1: one per target, legacy: one per
 * part): an {@link io.pushgateway.provider.http.HttpReply}, or the {@link Throwable} that kept it
 * from answering.
 */
public record BatchAnswers(SendBatch batch, Object[] replies) {
}
