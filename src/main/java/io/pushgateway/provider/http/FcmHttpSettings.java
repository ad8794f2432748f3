package io.pushgateway.provider.http;

import io.pushgateway.config.PushProperties;
import io.pushgateway.config.PushProperties.HttpVersionChoice;
import java.net.URI;
import java.time.Duration;

/**
 * How the FCM HTTP client talks to one endpoint, resolved from push.http.* and the endpoint's
 * scheme: which HTTP version, how many connections, how many requests in flight.
 *
 * @param http2          true for HTTP/2 (ALPN on https, prior knowledge on http with h2c)
 * @param tls            true for an https endpoint
 * @param maxInFlight    requests in flight at once over the whole client (push.fcm.concurrency)
 * @param trust          which certificates an https endpoint may present (the same the OAuth
 *                       token client trusts)
 */
public record FcmHttpSettings(
        boolean http2,
        boolean tls,
        int connections,
        int maxStreamsPerConnection,
        int maxInFlight,
        Duration connectTimeout,
        Duration responseTimeout,
        ProviderTrust trust) {

    /**
     * An https endpoint always asks for h2 by ALPN (and accepts HTTP/1.1); an http endpoint speaks
     * HTTP/2 only when told to (h2c), because a plain-text server cannot say which it speaks, or
     * when it is the embedded emulator.
     */
    public static FcmHttpSettings of(PushProperties props, String endpoint, boolean embeddedEmulator,
                                     ProviderTrust trust) {
        PushProperties.Http http = props.http();
        boolean tls = "https".equalsIgnoreCase(URI.create(endpoint).getScheme());
        // The embedded emulator is known to speak h2c, so auto means HTTP/2 there as with Google.
        HttpVersionChoice version = http.version() == HttpVersionChoice.AUTO && embeddedEmulator
                ? HttpVersionChoice.H2C : http.version();
        boolean http2 = version != HttpVersionChoice.HTTP1 && (tls || version == HttpVersionChoice.H2C);
        return new FcmHttpSettings(http2, tls, http.connections(), http.maxStreamsPerConnection(),
                props.fcm().concurrency(), http.connectTimeout(), http.responseTimeout(), trust);
    }

    /** A short name for logs and metrics: h2, h2c or http/1.1. */
    public String protocolName() {
        return http2 ? (tls ? "h2" : "h2c") : "http/1.1";
    }
}
