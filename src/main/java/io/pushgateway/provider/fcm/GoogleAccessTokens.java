package io.pushgateway.provider.fcm;

import com.google.auth.http.HttpTransportFactory;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import io.pushgateway.provider.Authorizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * OAuth2 access tokens for FCM v1 through Google's google-auth-library, from a service-account file
 * or Application Default Credentials ({@link CredentialsSource}): it signs the JWT grant (or asks
 * the metadata server), posts it to the token endpoint over the transport it was given, caches the
 * token and refreshes it before it expires. A failing fetch is logged once, with its cause, until
 * tokens come again ({@link TokenFetchHealth}).
 */
public final class GoogleAccessTokens implements Authorizer {

    static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";

    private final GoogleCredentials credentials;
    private final String projectId;
    private final TokenFetchHealth health;
    private volatile String refusedToken;

    /**
     * @param project    the project's name in the gateway (for logs)
     * @param source     where the credentials come from
     * @param transport  what token requests go through (see {@link TokenTransport})
     * @param onNewToken runs each time the library fetched a new access token
     * @throws IOException when the source has no credentials
     */
    public GoogleAccessTokens(String project, CredentialsSource source, HttpTransportFactory transport,
                              Runnable onNewToken) throws IOException {
        GoogleCredentials loaded = source.load(transport);
        this.projectId = loaded instanceof ServiceAccountCredentials sa ? sa.getProjectId() : null;
        this.credentials = loaded.createScoped(List.of(SCOPE));
        this.credentials.addChangeListener(changed -> onNewToken.run());
        this.health = new TokenFetchHealth(project);
    }

    /** project_id of a service-account file; null for other credentials or a file without one. */
    public String projectId() {
        return projectId;
    }

    @Override
    public String authorization() {
        try {
            String value = currentToken();
            health.fetched();
            return "Bearer " + value;
        } catch (IOException | RuntimeException e) {
            health.failed(e);
            throw e instanceof IOException io
                    ? new UncheckedIOException("OAuth token request failed: " + io.getMessage(), io)
                    : (RuntimeException) e;
        }
    }

    private String currentToken() throws IOException {
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
        return credentials.getAccessToken().getTokenValue();
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
