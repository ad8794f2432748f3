package io.pushgateway.provider.fcm;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import io.pushgateway.provider.Authorizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * OAuth2 access tokens for FCM v1 from a service-account file, through Google's
 * google-auth-library: it signs the JWT grant, posts it to the file's {@code token_uri},
 * caches the token and refreshes it before it expires.
 */
public final class GoogleAccessTokens implements Authorizer {

    static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";

    private final GoogleCredentials credentials;
    private final String projectId;
    private volatile String refusedToken;

    public GoogleAccessTokens(Path serviceAccountFile) {
        this(serviceAccountFile, () -> { });
    }

    /** {@code onNewToken} runs each time the library fetched a new access token. */
    public GoogleAccessTokens(Path serviceAccountFile, Runnable onNewToken) {
        try (InputStream in = Files.newInputStream(serviceAccountFile)) {
            GoogleCredentials loaded = GoogleCredentials.fromStream(in);
            this.projectId = loaded instanceof ServiceAccountCredentials sa ? sa.getProjectId() : null;
            this.credentials = loaded.createScoped(List.of(SCOPE));
            this.credentials.addChangeListener(changed -> onNewToken.run());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the FCM service-account file " + serviceAccountFile
                    + ": " + e.getMessage(), e);
        }
    }

    /** project_id from the file; null when it has none. */
    public String projectId() {
        return projectId;
    }

    @Override
    public String authorization() {
        try {
            String refused = refusedToken;
            AccessToken current = credentials.getAccessToken();
            if (refused != null && current != null && refused.equals(current.getTokenValue())) {
                synchronized (this) {
                    current = credentials.getAccessToken();
                    if (current != null && refused.equals(current.getTokenValue())) {
                        credentials.refresh();
                    }
                }
            } else {
                credentials.refreshIfExpired();
            }
            return "Bearer " + credentials.getAccessToken().getTokenValue();
        } catch (IOException e) {
            throw new UncheckedIOException("OAuth token request failed: " + e.getMessage(), e);
        }
    }

    /** Marks the current token as refused; the next {@link #authorization()} fetches a new one once. */
    @Override
    public void refresh() {
        AccessToken current = credentials.getAccessToken();
        if (current != null) {
            refusedToken = current.getTokenValue();
        }
    }

}
