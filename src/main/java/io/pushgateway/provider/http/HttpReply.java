package io.pushgateway.provider.http;

/**
 * FCM's answer to one HTTP request: the status, the body and the {@code Retry-After} header
 * (null when absent). Error bodies are small; success bodies are not even read by the classifier.
 */
public record HttpReply(int status, byte[] body, String retryAfter) {
}
