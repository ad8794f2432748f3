package io.pushgateway.security;

import io.pushgateway.emulator.FcmEmulator;
import io.pushgateway.testsupport.GatewayTestBase;
import io.pushgateway.testsupport.HttpsEmulator;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A gateway (push.provider=fcm) in front of an emulator serving HTTPS, trusting it only through
 * push.http.trust-ca-file: the set-up the TLS and Application Default Credentials tests share.
 */
abstract class HttpsEmulatorGatewayTest extends GatewayTestBase {

    static HttpsEmulator fcm;

    /**
     * Starts the emulator, named {@code name}, with a service account of {@code projectId}, and
     * points the gateway at it with the CA file {@code trust} picks.
     */
    static HttpsEmulator startFcm(DynamicPropertyRegistry registry, String name, String projectId,
                                  Function<HttpsEmulator, Path> trust) {
        registerBroker(registry, name);
        // The registry reads its values later: they hold this class's emulator, not the field's.
        HttpsEmulator started = HttpsEmulator.start(name, projectId);
        fcm = started;
        registry.add("push.provider", () -> "fcm");
        registry.add("push.fcm.endpoint", () -> started.emulator().baseUrl());
        registry.add("push.http.trust-ca-file", () -> trust.apply(started).toString());
        return started;
    }

    @AfterAll
    static void stopEmulator() {
        fcm.emulator().close();
    }

    @Override
    protected FcmEmulator emulator() {
        return fcm.emulator();
    }
}
