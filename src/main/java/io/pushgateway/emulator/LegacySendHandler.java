package io.pushgateway.emulator;

import java.util.Optional;

/** {@code POST /fcm/send}, the shut-down legacy HTTP API, authorized by {@code Authorization: key=<server key>}. */
final class LegacySendHandler extends SendEndpoint {

    static final String PATH = "/fcm/send";
    private static final String UNAUTHORIZED_PAGE = """
            <HTML>
            <HEAD>
            <TITLE>Unauthorized</TITLE>
            </HEAD>
            <BODY BGCOLOR="#FFFFFF" TEXT="#000000">
            <H1>Unauthorized</H1>
            <H2>Error 401</H2>
            </BODY>
            </HTML>
            """;

    /** The legacy API knows no accounts, only the one server key. */
    private static final String SERVER_KEY_HOLDER = "legacy-server-key";

    private final LegacySendJudge judge;
    private final String expectedAuthorization;

    LegacySendHandler(EmulatorState state) {
        super(state);
        this.judge = new LegacySendJudge(state.tokenRules(), state.messageIds());
        this.expectedAuthorization = "key=" + state.settings().legacyApiKey();
    }

    @Override
    boolean acceptsPath(String path) {
        return PATH.equals(path);
    }

    @Override
    String projectOf(String path) {
        return null;
    }

    @Override
    HttpAnswer notFound(String path) {
        return HttpAnswer.text(404, "Not Found");
    }

    @Override
    HttpAnswer methodNotAllowed() {
        return HttpAnswer.text(405, "Method Not Allowed").withHeader("Allow", "POST");
    }

    @Override
    Optional<HttpAnswer> outageAnswer(Outage outage) {
        return OutageAnswers.legacy(outage);
    }

    @Override
    String authorizedAccount(String authorization) {
        return authorization != null && expectedAuthorization.equals(authorization.trim()) ? SERVER_KEY_HOLDER : null;
    }

    @Override
    HttpAnswer unauthorizedAnswer() {
        return HttpAnswer.html(401, UNAUTHORIZED_PAGE);
    }

    @Override
    SendTally attemptedIn(byte[] body) {
        return JsonSupport.readLeniently(body).map(LegacySendJudge::attemptedIn).orElse(SendTally.noTargets());
    }

    @Override
    Verdict judge(String project, byte[] body) {
        return judge.judge(body);
    }
}
