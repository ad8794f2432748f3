package io.pushgateway.provider.fcm;

import com.google.auth.http.HttpTransportFactory;
import com.google.auth.oauth2.GoogleCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a Firebase project's Google credentials come from: a service-account key file, or Google's
 * Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud's login, or the metadata
 * server that GKE Workload Identity and other Google runtimes provide). Every source is handed the
 * transport the token requests go through, so they trust what the sends trust.
 *
 * <p>A seam as well: tests stand in for the environment's Application Default Credentials, which a
 * test cannot set (they are read from environment variables and the machine).
 */
@FunctionalInterface
public interface CredentialsSource {

    /** The credentials, unscoped; throws when this source has none. */
    GoogleCredentials load(HttpTransportFactory transport) throws IOException;

    /** Google's Application Default Credentials, looked up as google-auth-library does. */
    static CredentialsSource applicationDefault() {
        return GoogleCredentials::getApplicationDefault;
    }

    /** A service-account key file (JSON), its token_uri honoured. */
    static CredentialsSource keyFile(Path file) {
        return transport -> {
            try (InputStream in = Files.newInputStream(file)) {
                return GoogleCredentials.fromStream(in, transport);
            }
        };
    }
}
