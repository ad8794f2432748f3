package io.pushgateway.emulator;

import java.util.Optional;

/** {@code POST /v1/projects/{project}/messages:send}, authorized by an access token from {@code /token}. */
final class V1SendHandler extends SendEndpoint {

    static final String CONTEXT = "/v1/";
    private static final String PATH_START = "/v1/projects/";
    private static final String PATH_END = "/messages:send";
    private static final String BEARER = "bearer ";

    private final V1SendJudge judge;

    V1SendHandler(EmulatorState state) {
        super(state);
        this.judge = new V1SendJudge(state.tokenRules(), state.messageIds(), state.lastMessages());
    }

    @Override
    boolean acceptsPath(String path) {
        return projectIn(path) != null;
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
    String authorizedAccount(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return state.accessTokens().accountOf(authorization.substring(BEARER.length()).trim());
    }

    @Override
    HttpAnswer unauthorizedAnswer() {
        return V1ErrorAnswers.unauthenticated();
    }

    @Override
    SendTally attemptedIn(byte[] body) {
        return JsonSupport.readLeniently(body).map(V1SendJudge::attemptedIn).orElse(SendTally.noTargets());
    }

    @Override
    Verdict judge(String project, byte[] body) {
        return judge.judge(project, body);
    }

    /**
     * The project of {@code /v1/projects/{project}/messages:send}, a non-empty segment without
     * {@code /}; null for any other path. Plain string checks: this runs twice per send.
     */
    @Override
    String projectOf(String path) {
        return projectIn(path);
    }

    static String projectIn(String path) {
        if (!path.startsWith(PATH_START) || !path.endsWith(PATH_END)) {
            return null;
        }
        int projectEnd = path.length() - PATH_END.length();
        if (projectEnd <= PATH_START.length()) {
            return null;
        }
        String project = path.substring(PATH_START.length(), projectEnd);
        return project.indexOf('/') < 0 ? project : null;
    }
}
