package io.pushgateway.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /token}: Google's OAuth2 token endpoint for the JWT bearer grant (RFC 7523), which is
 * what google-auth-library uses for service-account files.
 */
final class OAuthTokenHandler implements CallHandler {

    static final String PATH = "/token";
    static final String JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private static final Logger LOG = LoggerFactory.getLogger(OAuthTokenHandler.class);

    private final EmulatorState state;

    OAuthTokenHandler(EmulatorState state) {
        this.state = state;
    }

    @Override
    public void handle(HttpCall call) {
        call.answer(answerTo(call));
    }

    private HttpAnswer answerTo(HttpCall call) {
        if (!PATH.equals(call.rawPath())) {
            return HttpAnswer.text(404, "Not Found");
        }
        if (!"POST".equals(call.method())) {
            return HttpAnswer.text(405, "Method Not Allowed").withHeader("Allow", "POST");
        }
        Map<String, String> form;
        try {
            form = formFields(new String(call.body(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException badEscape) {
            return new OAuthError(400, "invalid_request", "Malformed form body").toAnswer();
        }
        if (state.tokenEndpointFailing()) {
            return HttpAnswer.json(503, JsonSupport.object().put("error", "unavailable"));
        }
        String account;
        try {
            account = grantable(form);
        } catch (OAuthError refused) {
            LOG.debug("Token request refused: {}", refused.getMessage());
            return refused.toAnswer();
        }
        state.stats().recordTokenGrant();
        ObjectNode granted = JsonSupport.object()
                .put("access_token", state.accessTokens().grant(account))
                .put("expires_in", AccessTokens.LIFETIME.toSeconds())
                .put("token_type", "Bearer");
        return HttpAnswer.json(200, granted);
    }

    /** The service account the grant is for, once everything checks out. */
    private String grantable(Map<String, String> form) throws OAuthError {
        String grantType = form.get("grant_type");
        if (grantType == null) {
            throw new OAuthError(400, "invalid_request", "Missing required parameter: grant_type");
        }
        if (!JWT_BEARER_GRANT.equals(grantType)) {
            throw new OAuthError(400, "unsupported_grant_type", "Invalid grant_type: " + grantType);
        }
        String assertion = form.get("assertion");
        if (assertion == null || assertion.isBlank()) {
            throw new OAuthError(400, "invalid_request", "Missing required parameter: assertion");
        }
        return JwtBearerAssertion.parse(assertion)
                .verify(state.serviceAccountKeys(), state.clock().instant(), state.tokenUrl());
    }

    private static Map<String, String> formFields(String body) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            fields.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return fields;
    }
}
