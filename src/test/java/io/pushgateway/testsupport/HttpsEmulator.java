package io.pushgateway.testsupport;

import io.pushgateway.emulator.EmulatorSettings;
import io.pushgateway.emulator.FcmEmulator;
import java.nio.file.Path;
import java.util.List;

/**
 * An FCM emulator a test starts itself, serving HTTPS with a certificate from a throwaway CA (names
 * 127.0.0.1 and localhost, so hostname verification passes), a service-account file whose
 * token_uri is its https token endpoint, and a second CA that signed nothing of it.
 */
public final class HttpsEmulator {

    private final FcmEmulator emulator;
    private final TestCertificates.Authority ca;
    private final TestCertificates.Authority wrongCa;
    private final Path serviceAccountFile;

    private HttpsEmulator(FcmEmulator emulator, TestCertificates.Authority ca, TestCertificates.Authority wrongCa,
                          Path serviceAccountFile) {
        this.emulator = emulator;
        this.ca = ca;
        this.wrongCa = wrongCa;
        this.serviceAccountFile = serviceAccountFile;
    }

    /** Started under the build folder in {@code name}, with a service account of {@code projectId}. */
    public static HttpsEmulator start(String name, String projectId) {
        Path dir = TlsRabbitNode.buildDirectory().resolve(name + "-" + System.nanoTime());
        TestCertificates.Authority ca = TestCertificates.authority(dir, name + "-ca");
        TestCertificates.Authority wrongCa = TestCertificates.authority(dir, name + "-other-ca");
        TestCertificates.ServerCertificate cert = ca.issue("fcm-emulator", "localhost",
                List.of("IP:127.0.0.1", "DNS:localhost"));
        FcmEmulator emulator = FcmEmulator.start(EmulatorSettings.defaults().withTls(cert.certificate(), cert.key()));
        return new HttpsEmulator(emulator, ca, wrongCa, emulator.writeServiceAccountFile(dir.resolve("keys"), projectId));
    }

    public FcmEmulator emulator() {
        return emulator;
    }

    /** The PEM certificate of the CA that signed the emulator's certificate. */
    public Path caFile() {
        return ca.certificate();
    }

    /** The PEM certificate of a CA that signed nothing the emulator presents. */
    public Path wrongCaFile() {
        return wrongCa.certificate();
    }

    public Path serviceAccountFile() {
        return serviceAccountFile;
    }
}
