package io.pushgateway.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A refused token request, answered as OAuth2 error JSON ({@code error}, {@code error_description}). */
final class OAuthError extends Exception {

    private final int status;
    private final String error;
    private final String description;

    OAuthError(int status, String error, String description) {
        super(error + ": " + description, null, false, false);
        this.status = status;
        this.error = error;
        this.description = description;
    }

    static OAuthError invalidGrant(String description) {
        return new OAuthError(400, "invalid_grant", description);
    }

    HttpAnswer toAnswer() {
        ObjectNode body = JsonSupport.object().put("error", error).put("error_description", description);
        return HttpAnswer.json(status, body);
    }

    String error() {
        return error;
    }
}
