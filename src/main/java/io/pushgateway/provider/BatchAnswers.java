package io.pushgateway.provider;

import java.util.List;

/**
 * What FCM said to each request of a batch, in the order of its tokens (legacy: one entry): an
 * {@link io.pushgateway.provider.http.HttpReply}, or the {@link Throwable} that kept it from answering.
 */
public record BatchAnswers(SendBatch batch, List<Object> replies) {
}
