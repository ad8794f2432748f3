package io.pushgateway.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps both send APIs share, in Google's order: an outage answers before anything else, then
 * credentials are checked, then the body is judged. Every answer waits for the simulated latency
 * (or the outage's hang) and updates the stats just before it is written.
 */
abstract class SendEndpoint implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SendEndpoint.class);

    /** The verdict on one request: the answer and what it adds to the stats. */
    record Verdict(HttpAnswer answer, SendTally tally) {
    }

    protected final EmulatorState state;
    private final DelayedResponder responder;

    SendEndpoint(EmulatorState state, DelayedResponder responder) {
        this.state = state;
        this.responder = responder;
    }

    @Override
    public final void handle(HttpExchange exchange) throws IOException {
        try {
            handleSend(exchange);
        } catch (RuntimeException bug) {
            // Without this the JDK server just drops the connection, which would look like a network fault.
            LOG.warn("The FCM emulator failed to judge a send request", bug);
            responder.answerNow(exchange, HttpAnswer.text(500, "FCM emulator bug: " + bug));
        }
    }

    private void handleSend(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        if (!acceptsPath(path)) {
            responder.answerNow(exchange, notFound(path));
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            responder.answerNow(exchange, methodNotAllowed());
            return;
        }
        byte[] body;
        try (var in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        state.stats().publishLatencies().recordFrom(body, System.currentTimeMillis());
        Outage outage = state.outage();
        Optional<HttpAnswer> outageAnswer = outageAnswer(outage);
        if (outageAnswer.isPresent()) {
            Duration delay = OutageAnswers.hangOf(outage).orElseGet(() -> state.latency().nextDelay());
            answer(exchange, new Verdict(outageAnswer.get(), SendTally.attemptedOnly(tokensIn(body))), delay);
        } else if (!isAuthorized(exchange)) {
            answer(exchange, new Verdict(unauthorizedAnswer(), SendTally.noTokens()), state.latency().nextDelay());
        } else {
            answer(exchange, judge(path, body), state.latency().nextDelay());
        }
    }

    private void answer(HttpExchange exchange, Verdict verdict, Duration delay) {
        if (LOG.isDebugEnabled()) {
            List<String> tokens = verdict.tally().attemptedTokens();
            LOG.debug("{} answers {} after {} ms for {} token(s), first {}", getClass().getSimpleName(),
                    verdict.answer().status(), delay.toMillis(), tokens.size(),
                    tokens.isEmpty() ? "-" : LogSafe.token(tokens.get(0)));
        }
        responder.answerAfter(delay, exchange, verdict.answer(), () -> state.stats().recordSend(verdict.tally()));
    }

    abstract boolean acceptsPath(String path);

    abstract HttpAnswer notFound(String path);

    abstract HttpAnswer methodNotAllowed();

    abstract Optional<HttpAnswer> outageAnswer(Outage outage);

    abstract boolean isAuthorized(HttpExchange exchange);

    abstract HttpAnswer unauthorizedAnswer();

    /** The tokens a body addresses, read leniently; empty when it cannot be read. */
    abstract List<String> tokensIn(byte[] body);

    abstract Verdict judge(String path, byte[] body);
}
