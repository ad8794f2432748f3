/**
 * Sending to Firebase: how a group's targets are cut into send batches per project
 * ({@link io.pushgateway.provider.SendBatches}), the sender of the protocol the gateway speaks
 * (chosen once: {@link io.pushgateway.provider.V1Sender} or
 * {@link io.pushgateway.provider.LegacySender}, behind {@link io.pushgateway.provider.FcmSender}),
 * what each answer means ({@link io.pushgateway.provider.ResultClassifier} and the error table
 * {@code fcm-error-outcomes.csv}), when a batch counts as a failed call for the breaker
 * ({@link io.pushgateway.provider.BatchVerdict}), the breakers and quota guards per project, and
 * which provider answers at all ({@link io.pushgateway.provider.ProviderRuntime}: FCM, the legacy
 * API or the embedded emulator).
 */
package io.pushgateway.provider;
