package io.pushgateway.provider;

/** The two FCM wire protocols; the classification table has a section for each. */
public enum Protocol {
    /** FCM HTTP v1: one request per token, OAuth2 bearer tokens. */
    V1("v1"),
    /** Legacy GCM/FCM HTTP: multicast of up to 1000 tokens, server key. */
    LEGACY("legacy");

    private final String tableName;

    Protocol(String tableName) {
        this.tableName = tableName;
    }

    public String tableName() {
        return tableName;
    }
}
