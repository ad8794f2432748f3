package io.pushgateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushgateway.core.InvalidPushRequestException;
import io.pushgateway.core.PushRequest;
import io.pushgateway.core.RequestContext;
import io.pushgateway.core.RequestGroup;
import io.pushgateway.intake.BodyDigest;
import io.pushgateway.intake.IntakeLimits;
import io.pushgateway.intake.PushRequestReader;
import io.pushgateway.intake.RequestFuzz;
import io.pushgateway.realtime.RealtimeMessages;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

/**
 * The plain-Java part of the route path after the reader, for every generated request it accepted
 * ({@link RequestFuzz}): its real-time messages, its send batches with every send body written, and its
 * retry body. A request may be rejected there only with a documented code (unknown-project); anything
 * else would be dead-lettered as processing-error, which is a bug by definition.
 */
class SendPathFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Authorizer NO_AUTH = new Authorizer() {
        @Override
        public String authorization() {
            return "Bearer test";
        }

        @Override
        public void refresh() {
        }
    };
    private static final Map<String, FcmProject> PROJECTS = Map.of(
            "default", new FcmProject("default", "http://127.0.0.1:1/default", NO_AUTH, TokenRateLimiter.perSecond(0)));

    @ParameterizedTest(name = "legacy={0}, realtime={1}")
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void everyRequestTheReaderAcceptsIsSentOrRejectedWithADocumentedCode(boolean legacy, boolean realtime) {
        PushRequestReader reader = PushRequestReader.of(IntakeLimits.defaults(), BodyDigest::messageId, legacy, realtime);
        SendBatches batches = new SendBatches(legacy ? SendBatches.Shape.legacy(1000) : SendBatches.Shape.v1(500),
                SendPathFuzzTest::projectOf);
        RealtimeMessages realtimeMessages = new RealtimeMessages(JSON);
        List<String> undocumented = new ArrayList<>();
        for (RequestFuzz.Case fuzz : RequestFuzz.cases()) {
            PushRequest request;
            try {
                request = reader.read(fuzz.body(), null);
            } catch (InvalidPushRequestException refused) {
                continue; // the reader's own fuzz test judges refusals
            }
            try {
                RequestGroup.Member member = member(fuzz, request);
                int sent = sendBodies(batches.of(new RequestGroup(List.of(member))), legacy);
                if (member.error() != null && !(member.error() instanceof InvalidPushRequestException)) {
                    undocumented.add(fuzz + ": rejected on the send path with " + member.error());
                } else if (member.error() == null && sent != request.tokens().size()) {
                    undocumented.add(fuzz + ": " + sent + " send(s) for " + request.tokens().size() + " target(s)");
                }
                realtimeMessages.plan(request, Instant.EPOCH);
                JSON.writeValueAsBytes(request.withTokens(request.tokens()));
            } catch (Exception bug) {
                undocumented.add(fuzz + ": threw " + bug);
            }
        }
        assertThat(undocumented).isEmpty();
    }

    private static FcmProject projectOf(PushRequest request) {
        FcmProject project = PROJECTS.get(request.project() == null ? "default" : request.project());
        if (project == null) {
            throw InvalidPushRequestException.unknownProject(request.project(), List.of());
        }
        return project;
    }

    private static RequestGroup.Member member(RequestFuzz.Case fuzz, PushRequest request) {
        return RequestGroup.Member.read(new Message(fuzz.body(), new MessageProperties()),
                new RequestContext(request, 0, Instant.EPOCH, null, null), false);
    }

    /** Writes every send body of every batch, as the senders do just before posting; gives the targets sent. */
    private static int sendBodies(Iterator<SendBatch> batches, boolean legacy) {
        int targets = 0;
        while (batches.hasNext()) {
            for (SendBatch.Part part : batches.next().parts()) {
                if (legacy) {
                    assertThat(part.legacyBody()).isNotEmpty();
                } else {
                    part.tokens().forEach(token -> part.v1().forToken(token.token()));
                }
                targets += part.tokens().size();
            }
        }
        return targets;
    }
}
