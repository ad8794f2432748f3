package io.pushgateway.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;

/**
 * Throwaway certificate authorities and server certificates for TLS tests, made with the
 * {@code openssl} command line tool and written as PEM files into a folder of the build output.
 * Nothing here is meant to outlive a test run: keys are unencrypted and valid for two days.
 */
public final class TestCertificates {

    private TestCertificates() {
    }

    /** A CA: its certificate (what clients trust) and its key (what signs server certificates). */
    public record Authority(String name, Path certificate, Path key) {

        /**
         * Issues a server certificate signed by this CA for {@code subjectAltNames}, given as
         * {@code DNS:name} or {@code IP:address} entries (the names clients verify).
         */
        public ServerCertificate issue(String fileBase, String commonName, List<String> subjectAltNames) {
            Path dir = certificate.getParent();
            Path key = dir.resolve(fileBase + ".key");
            Path request = dir.resolve(fileBase + ".csr");
            Path cert = dir.resolve(fileBase + ".pem");
            Path extensions = dir.resolve(fileBase + ".ext");
            write(extensions, String.join("\n",
                    "basicConstraints = critical, CA:FALSE",
                    "keyUsage = critical, digitalSignature, keyEncipherment",
                    "extendedKeyUsage = serverAuth",
                    "subjectAltName = " + String.join(", ", subjectAltNames)) + "\n");
            openssl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(),
                    "-out", request.toString(), "-subj", "/CN=" + commonName);
            openssl("x509", "-req", "-in", request.toString(), "-CA", certificate.toString(),
                    "-CAkey", this.key.toString(), "-set_serial", String.valueOf(System.nanoTime()),
                    "-days", "2", "-sha256", "-extfile", extensions.toString(), "-out", cert.toString());
            return new ServerCertificate(cert, key);
        }

        /** Trust in this CA alone, as a client that was given only its certificate has. */
        public TrustManagerFactory trustManagers() {
            try (InputStream in = Files.newInputStream(certificate)) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setCertificateEntry(name, CertificateFactory.getInstance("X.509").generateCertificate(in));
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(store);
                return factory;
            } catch (Exception e) {
                throw new IllegalStateException("cannot trust " + certificate, e);
            }
        }

        /** This CA's certificate as the only entry of a PKCS12 trust store at {@code file}. */
        public Path pkcs12TrustStore(Path file, String password) {
            try (InputStream in = Files.newInputStream(certificate); OutputStream out = Files.newOutputStream(file)) {
                X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setCertificateEntry(name, ca);
                store.store(out, password.toCharArray());
                return file;
            } catch (Exception e) {
                throw new IllegalStateException("cannot write the trust store " + file, e);
            }
        }
    }

    /** A server certificate (PEM) and its unencrypted PKCS#8 key (PEM). */
    public record ServerCertificate(Path certificate, Path key) {
    }

    /** A new self-signed CA named {@code name} in {@code dir} (created if needed). */
    public static Authority authority(Path dir, String name) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + dir, e);
        }
        String base = name.replaceAll("[^A-Za-z0-9.-]", "-");
        Path key = dir.resolve(base + ".key");
        Path cert = dir.resolve(base + ".pem");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", cert.toString(),
                "-days", "2", "-sha256", "-subj", "/CN=" + name,
                "-addext", "basicConstraints = critical, CA:TRUE",
                "-addext", "keyUsage = critical, keyCertSign, cRLSign");
        return new Authority(base, cert, key);
    }

    private static void openssl(String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " failed (" + process.exitValue() + "): "
                        + new String(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run openssl (is it installed? apt-get install -y openssl)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }
}
