package io.pushgateway.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Service-account key files made for this emulator, and the public keys that verify the JWT
 * assertions signed with them. The emulator knows no other keys, the way Google only knows the
 * keys it issued.
 */
final class ServiceAccountKeys {

    static final String FILE_NAME = "emulator-service-account.json";

    /** A service account's public half, as Google would look it up by key id. */
    record KnownKey(String keyId, String clientEmail, PublicKey publicKey) {
    }

    private final Map<String, KnownKey> keysById = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, AtomicInteger> filesPerProject = new ConcurrentHashMap<>();

    /**
     * Writes {@code dir/emulator-service-account.json} with a fresh RSA 2048 key whose token_uri is
     * {@code tokenUri}. Every file is another service account: the first for a project is
     * {@code emulator@<project>.iam.gserviceaccount.com}, later ones {@code emulator-2@...},
     * {@code emulator-3@...}, so the stats can tell whose access token a send carried.
     */
    Path writeFile(Path dir, String projectId, String tokenUri) {
        KeyPair keyPair = newRsaKeyPair();
        String keyId = randomHex(20);
        int fileNumber = filesPerProject.computeIfAbsent(projectId, ignored -> new AtomicInteger()).incrementAndGet();
        String clientEmail = (fileNumber == 1 ? "emulator" : "emulator-" + fileNumber) + "@" + projectId
                + ".iam.gserviceaccount.com";
        ObjectNode json = JsonSupport.object()
                .put("type", "service_account")
                .put("project_id", projectId)
                .put("private_key_id", keyId)
                .put("private_key", pkcs8Pem(keyPair))
                .put("client_email", clientEmail)
                .put("client_id", randomDigits(21))
                .put("auth_uri", "https://accounts.google.com/o/oauth2/auth")
                .put("token_uri", tokenUri)
                .put("auth_provider_x509_cert_url", "https://www.googleapis.com/oauth2/v1/certs")
                .put("client_x509_cert_url", "https://www.googleapis.com/robot/v1/metadata/x509/"
                        + clientEmail.replace("@", "%40"))
                .put("universe_domain", "googleapis.com");
        Path file = dir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dir);
            Files.write(file, JsonSupport.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
            restrictToOwner(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        // Remember the key only once the file exists, so no one can hold a key we would reject.
        keysById.put(keyId, new KnownKey(keyId, clientEmail, keyPair.getPublic()));
        return file;
    }

    Optional<KnownKey> byId(String keyId) {
        return Optional.ofNullable(keysById.get(keyId));
    }

    Collection<KnownKey> all() {
        return keysById.values();
    }

    private static KeyPair newRsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has RSA", e);
        }
    }

    /** PKCS#8 in PEM with 64-character lines, the form Google puts into key files. */
    private static String pkcs8Pem(KeyPair keyPair) {
        String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(keyPair.getPrivate().getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n";
    }

    private String randomHex(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    private String randomDigits(int count) {
        StringBuilder digits = new StringBuilder(count);
        digits.append(1 + random.nextInt(9));
        while (digits.length() < count) {
            digits.append(random.nextInt(10));
        }
        return digits.toString();
    }

    /** The file holds a private key; keep it private where the file system allows. */
    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the directory's ACL is all we have.
        }
    }
}
