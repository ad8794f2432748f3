package io.pushgateway.provider;

import io.pushgateway.core.Outcome;
import io.pushgateway.core.TokenResult;
import io.pushgateway.core.TokenResults;
import io.pushgateway.provider.http.HttpReply;
import java.time.Duration;

/** The legacy HTTP API: one multicast per request part, whose answer holds each token's result. */
final class LegacySender extends FcmSender {

    LegacySender(Settings settings) {
        super(settings, SendBatches.Shape.legacy(settings.legacyBatchSize()));
    }

    @Override
    Protocol protocol() {
        return Protocol.LEGACY;
    }

    @Override
    int sendsOf(SendBatch.Part part) {
        return 1;
    }

    @Override
    int writeBodies(SendBatch.Part part, byte[][] bodies, int at) {
        bodies[at] = part.legacyBody();
        return at + 1;
    }

    @Override
    int classifyPart(SendBatch.Part part, Object[] replies, int slot, TokenResults out, Tally tally) {
        Object answer = replies[slot];
        if (answer instanceof HttpReply reply) {
            out.addAll(classifier.legacy(part.tokens(), part.kind(), reply.status(), reply.body(), retryAfter(reply)));
            if (classifier.failsTransiently(Protocol.LEGACY, reply.status(), reply.body())) {
                tally.failedTransiently();
                tally.error("HTTP_" + reply.status());
            }
        } else {
            String error = describe((Throwable) answer);
            part.tokens().forEach(t -> out.add(TokenResult.failed(t, Outcome.RETRY, error, Duration.ZERO)));
            tally.failedTransiently();
            tally.error(error);
        }
        return slot + 1;
    }
}
