package io.pushgateway.emulator;

import java.util.List;
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
    boolean isAuthorized(String authorization) {
        return authorization != null && expectedAuthorization.equals(authorization.trim());
    }

    @Override
    HttpAnswer unauthorizedAnswer() {
        return HttpAnswer.html(401, UNAUTHORIZED_PAGE);
    }

    @Override
    List<String> tokensIn(byte[] body) {
        return JsonSupport.readLeniently(body).map(LegacySendJudge::tokensIn).orElse(List.of());
    }

    @Override
    Verdict judge(String path, byte[] body) {
        return judge.judge(body);
    }
}
