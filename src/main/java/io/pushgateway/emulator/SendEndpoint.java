package io.pushgateway.emulator;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps both send APIs share, in Google's order: an outage answers before anything else, then
 * credentials are checked, then the body is judged. Every answer waits for the simulated latency
 * (or the outage's hang) and updates the stats just before it is written.
 *
 * <p>Runs on the server's event loop, so it must never block: it only reads the body it was given.
 */
abstract class SendEndpoint implements CallHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SendEndpoint.class);

    /** The verdict on one request: the answer and what it adds to the stats. */
    record Verdict(HttpAnswer answer, SendTally tally) {
    }

    protected final EmulatorState state;

    SendEndpoint(EmulatorState state) {
        this.state = state;
    }

    @Override
    public final void handle(HttpCall call) {
        try {
            handleSend(call);
        } catch (RuntimeException bug) {
            // Without an answer the client would wait for its timeout, which looks like a network fault.
            LOG.warn("The FCM emulator failed to judge a send request", bug);
            call.answer(HttpAnswer.text(500, "FCM emulator bug: " + bug));
        }
    }

    private void handleSend(HttpCall call) {
        String path = call.rawPath();
        if (!acceptsPath(path)) {
            call.answer(notFound(path));
            return;
        }
        if (!"POST".equals(call.method())) {
            call.answer(methodNotAllowed());
            return;
        }
        byte[] body = call.body();
        state.stats().publishLatencies().recordFrom(body, System.currentTimeMillis());
        String project = projectOf(path);
        Outage outage = state.outageFor(project);
        Optional<HttpAnswer> outageAnswer = outageAnswer(outage);
        if (outageAnswer.isPresent()) {
            Duration delay = OutageAnswers.hangOf(outage).orElseGet(() -> state.latency().nextDelay());
            answer(call, project, null, new Verdict(outageAnswer.get(), attemptedIn(body)), delay);
            return;
        }
        String account = authorizedAccount(call.header("Authorization"));
        if (account == null) {
            answer(call, project, null, new Verdict(unauthorizedAnswer(), SendTally.noTargets()), state.latency().nextDelay());
        } else {
            answer(call, project, account, judge(project, body), state.latency().nextDelay());
        }
    }

    private void answer(HttpCall call, String project, String account, Verdict verdict, Duration delay) {
        if (LOG.isDebugEnabled()) {
            List<String> targets = verdict.tally().attemptedTargets();
            LOG.debug("{} answers {} after {} ms for {} {}(s), first {}", getClass().getSimpleName(),
                    verdict.answer().status(), delay.toMillis(), targets.size(), verdict.tally().kind().jsonName(),
                    targets.isEmpty() ? "-" : LogSafe.token(targets.get(0)));
        }
        call.answerAfter(delay, verdict.answer(), () -> state.stats().recordSend(project, account, verdict.tally()));
    }

    abstract boolean acceptsPath(String path);

    /** The Firebase project a send to {@code path} is for; null when the API has none (legacy). */
    abstract String projectOf(String path);

    abstract HttpAnswer notFound(String path);

    abstract HttpAnswer methodNotAllowed();

    abstract Optional<HttpAnswer> outageAnswer(Outage outage);

    /**
     * Who {@code authorization} (the request's Authorization header, null when absent) lets in: a
     * service account's client_email, or another non-null name; null turns the request away.
     */
    abstract String authorizedAccount(String authorization);

    abstract HttpAnswer unauthorizedAnswer();

    /** The targets a body addresses, read leniently, as attempts only; none when it cannot be read. */
    abstract SendTally attemptedIn(byte[] body);

    /** {@code project} is {@link #projectOf(String)} of the path. */
    abstract Verdict judge(String project, byte[] body);
}
