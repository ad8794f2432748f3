package io.pushgateway.provider.fcm;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.http.HttpTransportFactory;
import io.pushgateway.provider.http.ProviderTrust;

/**
 * The HTTP transport google-auth-library fetches access tokens through (and, for Application
 * Default Credentials, looks them up through): google-http-client's {@link NetHttpTransport},
 * trusting what the send client trusts. Without it the library would use the JVM's trust store,
 * and a CA given only to the gateway would fail every token request's TLS handshake.
 */
public final class TokenTransport {

    private TokenTransport() {
    }

    /** One transport for all token requests (it is thread-safe and pools its connections). */
    public static HttpTransportFactory trusting(ProviderTrust trust) {
        NetHttpTransport.Builder builder = new NetHttpTransport.Builder();
        if (!trust.isJvmDefault()) {
            builder.setSslSocketFactory(trust.sslContext().getSocketFactory());
        }
        HttpTransport transport = builder.build();
        return () -> transport;
    }
}
