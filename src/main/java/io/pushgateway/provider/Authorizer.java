package io.pushgateway.provider;

/** Supplies the Authorization header value for FCM; never logged. */
public interface Authorizer {

    String authorization();

    /** FCM refused our credentials without saying why: get fresh ones before the next send. */
    void refresh();
}
