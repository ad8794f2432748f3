package io.pushgateway.emulator;

import com.sun.net.httpserver.HttpExchange;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code POST /v1/projects/{project}/messages:send}, authorized by an access token from {@code /token}. */
final class V1SendHandler extends SendEndpoint {

    static final String CONTEXT = "/v1/";
    private static final Pattern SEND_PATH = Pattern.compile("/v1/projects/([^/]+)/messages:send");
    private static final String BEARER = "bearer ";

    private final V1SendJudge judge;

    V1SendHandler(EmulatorState state, DelayedResponder responder) {
        super(state, responder);
        this.judge = new V1SendJudge(state.tokenRules(), state.messageIds());
    }

    @Override
    boolean acceptsPath(String path) {
        return SEND_PATH.matcher(path).matches();
    }

    @Override
    HttpAnswer notFound(String path) {
        return V1ErrorAnswers.notFound(path);
    }

    @Override
    HttpAnswer methodNotAllowed() {
        return V1ErrorAnswers.methodNotAllowed();
    }

    @Override
    Optional<HttpAnswer> outageAnswer(Outage outage) {
        return OutageAnswers.v1(outage);
    }

    @Override
    boolean isAuthorized(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        return state.accessTokens().isValid(authorization.substring(BEARER.length()).trim());
    }

    @Override
    HttpAnswer unauthorizedAnswer() {
        return V1ErrorAnswers.unauthenticated();
    }

    @Override
    List<String> tokensIn(byte[] body) {
        return JsonSupport.readLeniently(body).map(V1SendJudge::tokensIn).orElse(List.of());
    }

    @Override
    Verdict judge(String path, byte[] body) {
        Matcher matcher = SEND_PATH.matcher(path);
        if (!matcher.matches()) {
            throw new IllegalStateException("acceptsPath let through " + path);
        }
        return judge.judge(matcher.group(1), body);
    }
}
