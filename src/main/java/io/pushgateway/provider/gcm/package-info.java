/**
 * Legacy HTTP API specifics: the multicast body of up to {@code push.gcm.batch-size} tokens and
 * the server key that authorizes it.
 */
package io.pushgateway.provider.gcm;
