package io.pushgateway.provider;

import io.pushgateway.core.DeviceToken;
import io.pushgateway.core.Outcome;
import io.pushgateway.core.TokenResult;
import io.pushgateway.core.TokenResults;
import io.pushgateway.provider.http.HttpReply;
import java.time.Duration;

/** FCM HTTP v1: one request per target, each answered on its own. */
final class V1Sender extends FcmSender {

    V1Sender(Settings settings) {
        super(settings, SendBatches.Shape.v1(settings.v1BatchSize()));
    }

    @Override
    Protocol protocol() {
        return Protocol.V1;
    }

    @Override
    int sendsOf(SendBatch.Part part) {
        return part.tokens().size();
    }

    @Override
    int writeBodies(SendBatch.Part part, byte[][] bodies, int at) {
        for (DeviceToken token : part.tokens()) {
            bodies[at++] = part.v1().forToken(token.token());
        }
        return at;
    }

    @Override
    int classifyPart(SendBatch.Part part, Object[] replies, int slot, TokenResults out, Tally tally) {
        for (DeviceToken token : part.tokens()) {
            Object answer = replies[slot++];
            if (answer instanceof HttpReply reply && reply.status() == 200) {
                out.addDelivered();
                continue;
            }
            TokenResult result;
            if (answer instanceof HttpReply reply) {
                result = classifier.v1(token, part.kind(), reply.status(), reply.body(), retryAfter(reply));
                if (classifier.failsTransiently(Protocol.V1, reply.status(), reply.body())) {
                    tally.failedTransiently();
                    tally.refreshCredentials |= reply.status() == 401;
                }
            } else {
                result = TokenResult.failed(token, Outcome.RETRY, describe((Throwable) answer), Duration.ZERO);
                tally.failedTransiently();
            }
            tally.error(result.error());
            out.add(result);
        }
        return slot;
    }
}
