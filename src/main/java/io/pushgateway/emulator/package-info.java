/**
 * A local FCM emulator: a real HTTP server on 127.0.0.1 that answers like Google's Firebase Cloud
 * Messaging, for tests, the demo and benchmarks.
 *
 * <p>In process: {@code FcmEmulator.start(EmulatorSettings.defaults())}, point the gateway at
 * {@link io.pushgateway.emulator.FcmEmulator#baseUrl()} (v1) or
 * {@link io.pushgateway.emulator.FcmEmulator#legacySendUrl()}, and get OAuth credentials from
 * {@link io.pushgateway.emulator.FcmEmulator#writeServiceAccountFile(java.nio.file.Path, String)}.
 * Outcomes per token follow {@link io.pushgateway.emulator.TokenRules}; whole-service failures
 * follow {@link io.pushgateway.emulator.Outage}.
 *
 * <p>As its own process, from the repackaged jar (its PropertiesLauncher honours {@code loader.main}):
 * <pre>
 * java -Dloader.main=io.pushgateway.emulator.FcmEmulator -jar push-gateway.jar \
 *      --port=9099 --latency-ms=50 --jitter-ms=20 --service-account-dir=/tmp/fcm --project-id=demo
 * </pre>
 * It prints {@code FCM emulator listening on http://127.0.0.1:<port>} and can be driven through the
 * admin endpoints under {@code /emulator/} (see {@code AdminHandler}).
 */
package io.pushgateway.emulator;
