/**
 * A local stand-in for Google's Firebase Cloud Messaging: a real HTTP server on 127.0.0.1 that
 * answers the v1 API, the legacy API and Google's OAuth2 token endpoint the way Google does, so the
 * gateway can be tested, demonstrated and benchmarked without Google.
 *
 * <p><b>What it decides.</b> How FCM answers, and nothing else: which status, headers and body a
 * send gets (for each target from its name, see {@link io.pushgateway.emulator.TokenRules}; for the
 * whole service or one project from an {@link io.pushgateway.emulator.Outage}), which access tokens
 * are good, how long an answer takes, and what was received
 * ({@link io.pushgateway.emulator.EmulatorStats}).
 *
 * <p><b>An honest oracle.</b> Tests judge the gateway's senders by what this emulator answers and
 * counts, so it must not be able to share their mistakes. It imports nothing from the rest of
 * {@code io.pushgateway} and shares no code with the senders in {@code io.pushgateway.provider}: it
 * reads requests and writes answers with code of its own, following Google's documentation. Were
 * both sides to use one class for, say, the shape of a v1 message, a bug in it would pass every
 * test. Keep it that way: repeat a constant here rather than import it from the gateway. The
 * dependency runs one way only: the gateway may start the emulator (with
 * {@code push.provider=emulator}), the emulator never calls the gateway.
 *
 * <p><b>Its face.</b> Only these classes are public; everything else is inside and may change
 * without anyone outside noticing.
 * <ul>
 *   <li>{@link io.pushgateway.emulator.FcmEmulator}: start and stop, its URLs, service-account
 *       files, outages, latency, stats. The gateway's {@code ProviderRuntime} uses it, and tests.</li>
 *   <li>{@link io.pushgateway.emulator.EmulatorSettings}: how it starts (port, legacy key, latency,
 *       threads, HTTP/2 streams, an optional TLS certificate). Also used by {@code ProviderRuntime}.</li>
 *   <li>{@link io.pushgateway.emulator.Outage}: whole-service and per-project failures, for tests.</li>
 *   <li>{@link io.pushgateway.emulator.EmulatorStats}, {@link io.pushgateway.emulator.ProjectStats}
 *       and {@link io.pushgateway.emulator.TargetKind}: what it received, for tests to assert on.</li>
 *   <li>{@link io.pushgateway.emulator.TokenRules}: how a target's name picks its answer, for tests
 *       and the demo, which choose outcomes by naming their tokens.</li>
 * </ul>
 * A process of its own sees the same face over HTTP: the FCM endpoints themselves, and the admin
 * endpoints under {@code /emulator/} (see {@code AdminHandler}) that mirror the in-process API.
 *
 * <p><b>Running it.</b> In process: {@code FcmEmulator.start(EmulatorSettings.defaults())}, point
 * the gateway at {@link io.pushgateway.emulator.FcmEmulator#baseUrl()} (v1) or
 * {@link io.pushgateway.emulator.FcmEmulator#legacySendUrl()}, and get OAuth credentials from
 * {@link io.pushgateway.emulator.FcmEmulator#writeServiceAccountFile(java.nio.file.Path, String)}.
 * As its own process, from the repackaged jar (its PropertiesLauncher honours {@code loader.main}):
 * <pre>
 * java -Dloader.main=io.pushgateway.emulator.FcmEmulator -jar push-gateway.jar \
 *      --port=9099 --latency-ms=50 --jitter-ms=20 --service-account-dir=/tmp/fcm --project-id=demo
 * </pre>
 * It prints {@code FCM emulator listening on http://127.0.0.1:<port>}. With
 * {@code --tls-cert=cert.pem --tls-key=key.pem} (or {@code EmulatorSettings.withTls}) it serves
 * HTTPS instead, HTTP/2 by ALPN, and its service-account files name its https token endpoint: a
 * stand-in for FCM behind a CA of one's own.
 */
package io.pushgateway.emulator;
