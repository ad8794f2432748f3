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
        Outage outage = state.outage();
        Optional<HttpAnswer> outageAnswer = outageAnswer(outage);
        if (outageAnswer.isPresent()) {
            Duration delay = OutageAnswers.hangOf(outage).orElseGet(() -> state.latency().nextDelay());
            answer(call, new Verdict(outageAnswer.get(), SendTally.attemptedOnly(tokensIn(body))), delay);
        } else if (!isAuthorized(call.header("Authorization"))) {
            answer(call, new Verdict(unauthorizedAnswer(), SendTally.noTokens()), state.latency().nextDelay());
        } else {
            answer(call, judge(path, body), state.latency().nextDelay());
        }
    }

    private void answer(HttpCall call, Verdict verdict, Duration delay) {
        if (LOG.isDebugEnabled()) {
            List<String> tokens = verdict.tally().attemptedTokens();
            LOG.debug("{} answers {} after {} ms for {} token(s), first {}", getClass().getSimpleName(),
                    verdict.answer().status(), delay.toMillis(), tokens.size(),
                    tokens.isEmpty() ? "-" : LogSafe.token(tokens.get(0)));
        }
        call.answerAfter(delay, verdict.answer(), () -> state.stats().recordSend(verdict.tally()));
    }

    abstract boolean acceptsPath(String path);

    abstract HttpAnswer notFound(String path);

    abstract HttpAnswer methodNotAllowed();

    abstract Optional<HttpAnswer> outageAnswer(Outage outage);

    /** {@code authorization} is the request's Authorization header, null when absent. */
    abstract boolean isAuthorized(String authorization);

    abstract HttpAnswer unauthorizedAnswer();

    /** The tokens a body addresses, read leniently; empty when it cannot be read. */
    abstract List<String> tokensIn(byte[] body);

    abstract Verdict judge(String path, byte[] body);
}
