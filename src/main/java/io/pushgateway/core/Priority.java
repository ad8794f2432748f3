package io.pushgateway.core;

/** The request's {@code priority}; FCM v1 spells it in upper case, the legacy API in lower case. */
public enum Priority {
    HIGH, NORMAL;

    public String legacyName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
