package io.pushgateway.emulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Options of the standalone emulator process ({@link FcmEmulator#main(String[])}):
 * {@code --port=N --latency-ms=N --jitter-ms=N --legacy-key=K --threads=N --max-concurrent-streams=N},
 * {@code --tls-cert=PEM --tls-key=PEM} to serve HTTPS instead of plain HTTP, plus
 * {@code --service-account-dir=DIR [--project-id=ID]} to write a key file at start-up, which
 * another process needs to get access tokens from this emulator.
 */
record EmulatorCommandLine(EmulatorSettings settings, Optional<Path> serviceAccountDir, String projectId) {

    static final String DEFAULT_PROJECT_ID = "emulator-project";
    static final String USAGE = "usage: FcmEmulator [--port=N] [--latency-ms=N] [--jitter-ms=N] [--legacy-key=K] "
            + "[--threads=N] [--max-concurrent-streams=N] [--tls-cert=PEM --tls-key=PEM] [--service-account-dir=DIR] "
            + "[--project-id=ID]";

    static EmulatorCommandLine parse(String... args) {
        EmulatorSettings settings = EmulatorSettings.defaults();
        Path serviceAccountDir = null;
        String projectId = DEFAULT_PROJECT_ID;
        Path tlsCertificate = null;
        Path tlsKey = null;
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 0) {
                throw new IllegalArgumentException("expected --name=value but got '" + arg + "'");
            }
            String name = arg.substring(2, equals);
            String value = arg.substring(equals + 1);
            switch (name) {
                case "port" -> settings = settings.withPort(number(name, value));
                case "latency-ms" -> settings = settings.withLatency(Duration.ofMillis(number(name, value)));
                case "jitter-ms" -> settings = settings.withJitter(Duration.ofMillis(number(name, value)));
                case "legacy-key" -> settings = settings.withLegacyApiKey(value);
                case "threads" -> settings = settings.withThreads(number(name, value));
                case "max-concurrent-streams" -> settings = settings.withMaxConcurrentStreams(number(name, value));
                case "service-account-dir" -> serviceAccountDir = Path.of(value);
                case "project-id" -> projectId = value;
                case "tls-cert" -> tlsCertificate = Path.of(value);
                case "tls-key" -> tlsKey = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option --" + name);
            }
        }
        if (tlsCertificate != null || tlsKey != null) {
            if (tlsCertificate == null || tlsKey == null) {
                throw new IllegalArgumentException("--tls-cert and --tls-key go together");
            }
            settings = settings.withTls(tlsCertificate, tlsKey);
        }
        return new EmulatorCommandLine(settings, Optional.ofNullable(serviceAccountDir), projectId);
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " needs a whole number but got '" + value + "'");
        }
    }
}
