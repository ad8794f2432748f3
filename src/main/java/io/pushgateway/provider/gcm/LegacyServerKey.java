package io.pushgateway.provider.gcm;

import io.pushgateway.provider.Authorizer;

/** The legacy protocol authenticates every request with the server key. */
public final class LegacyServerKey implements Authorizer {

    private final String apiKey;

    public LegacyServerKey(String apiKey) {
        this.apiKey = apiKey;
    }

    @Override
    public String authorization() {
        return "key=" + apiKey;
    }

    @Override
    public void refresh() {
        // A server key cannot be refreshed; a 401 on the legacy API is a dead letter.
    }

    @Override
    public String toString() {
        return "LegacyServerKey[<redacted>]";
    }
}
