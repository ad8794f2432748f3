package io.pushgateway.provider.http;

import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Which certificates every HTTPS call to the provider trusts: the sends and the OAuth token
 * requests alike, so a CA given once (push.http.trust-ca-file or push.http.trust-ssl-bundle) is
 * never trusted by one client and unknown to the other. Built once at start.
 *
 * @param managers the trust to use instead of the JVM's trust store; null for the JVM's own
 */
public record ProviderTrust(TrustManagerFactory managers) {

    /** The JVM's trust store, as when neither setting is given. */
    public static ProviderTrust jvm() {
        return new ProviderTrust(null);
    }

    public boolean isJvmDefault() {
        return managers == null;
    }

    /** A TLS context that trusts exactly this, for clients that take a socket factory. */
    public SSLContext sslContext() {
        try {
            if (managers == null) {
                return SSLContext.getDefault();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, managers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a TLS context from the provider trust: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return managers == null ? "the JVM's trust store" : "the configured CA";
    }
}
