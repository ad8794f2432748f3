package io.pushgateway.provider;

/**
 * One Firebase project the gateway sends for: where its sends go, its credentials and its quota
 * guard. The default project (push.fcm.*) is named {@code default}; the others are
 * push.fcm.projects.&lt;name&gt;.
 */
public record FcmProject(String name, String sendUrl, Authorizer authorizer, TokenRateLimiter rateLimiter) {

    @Override
    public String toString() {
        return "FcmProject[" + name + " at " + sendUrl + "]";
    }
}
