package io.pushgateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StandaloneEmulatorProcessTest {

    private static final Pattern LISTENING = Pattern.compile("FCM emulator listening on (http://127\\.0\\.0\\.1:\\d+)");

    @TempDir
    Path keyDir;

    @Test
    void runsAsItsOwnProcessAnnouncingItsUrlAndServingUntilKilled() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                FcmEmulator.class.getName(), "--port=0", "--legacy-key=standalone-key", "--threads=4",
                "--service-account-dir=" + keyDir, "--project-id=standalone")
                .redirectErrorStream(true)
                .start();
        try {
            String baseUrl = CompletableFuture.supplyAsync(() -> awaitListeningLine(process)).get(20, TimeUnit.SECONDS);

            var response = new EmulatorHttp().post(baseUrl + "/fcm/send", "{\"to\":\"standalone-device\"}",
                    "Authorization", "key=standalone-key");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(EmulatorHttp.json(response).get("success").asInt()).isEqualTo(1);
            Path keyFile = keyDir.resolve("emulator-service-account.json");
            assertThat(keyFile).exists();
            assertThat(Files.readString(keyFile)).contains(baseUrl + "/token");
            assertThat(process.isAlive()).isTrue();
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String awaitListeningLine(Process process) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                Matcher matcher = LISTENING.matcher(line);
                if (matcher.find() && line.startsWith("FCM emulator listening on")) {
                    return matcher.group(1);
                }
            }
            throw new IllegalStateException("the emulator process ended without announcing its URL");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
