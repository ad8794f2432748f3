package io.pushgateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgateway.core.DeviceToken;
import io.pushgateway.core.InvalidPushRequestException;
import io.pushgateway.core.PushRequest;
import io.pushgateway.core.RequestContext;
import io.pushgateway.core.RequestGroup;
import io.pushgateway.intake.BodyDigest;
import io.pushgateway.intake.IntakeLimits;
import io.pushgateway.intake.PushRequestReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

/** How a group's requests become send batches: shared across requests, per project, bounded in size. */
class SendBatchesTest {

    private static final Authorizer NO_AUTH = new Authorizer() {
        @Override
        public String authorization() {
            return "Bearer test";
        }

        @Override
        public void refresh() {
        }
    };
    private final FcmProject defaultProject = project("default");
    private final FcmProject otherProject = project("other");
    private final Map<String, FcmProject> projects = Map.of("default", defaultProject, "other", otherProject);

    private static FcmProject project(String name) {
        return new FcmProject(name, "http://127.0.0.1:1/" + name, NO_AUTH, TokenRateLimiter.perSecond(0));
    }

    private SendBatches batches(boolean legacy, int v1Size, int legacySize) {
        return new SendBatches(legacy ? SendBatches.Shape.legacy(legacySize) : SendBatches.Shape.v1(v1Size), request -> {
            FcmProject project = projects.get(request.project() == null ? "default" : request.project());
            if (project == null) {
                throw InvalidPushRequestException.unknownProject(request.project(), List.of("other"));
            }
            return project;
        });
    }

    private static RequestGroup.Member request(boolean legacy, String project, int tokens) {
        String targets = IntStream.range(0, tokens).mapToObj(i -> "\"" + project + "-tok-" + i + "\"")
                .collect(Collectors.joining(","));
        String json = "{\"title\":\"t\"" + (project == null ? "" : ",\"project\":\"" + project + "\"")
                + ",\"registration_tokens\":[" + targets + "]}";
        PushRequestReader reader = PushRequestReader.of(new IntakeLimits(4096, 100_000, 1 << 22), BodyDigest::messageId,
                legacy, false);
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        PushRequest read = reader.read(body, null);
        return RequestGroup.Member.read(new Message(body, new MessageProperties()),
                new RequestContext(read, 0, Instant.EPOCH, null, null), false);
    }

    private static List<SendBatch> all(Iterator<SendBatch> batches) {
        List<SendBatch> out = new ArrayList<>();
        batches.forEachRemaining(out::add);
        return out;
    }

    private static List<String> tokens(SendBatch batch) {
        return batch.parts().stream().flatMap(p -> p.tokens().stream()).map(DeviceToken::token).toList();
    }

    @Test
    void v1BatchesCarryTheTargetsOfManyRequestsUpToTheBatchSize() {
        List<RequestGroup.Member> members = IntStream.range(0, 5).mapToObj(i -> request(false, null, 2)).toList();

        List<SendBatch> batches = all(batches(false, 4, 1000).of(new RequestGroup(members)));

        assertThat(batches).extracting(SendBatch::size).containsExactly(4, 4, 2);
        assertThat(batches.get(0).parts()).extracting(SendBatch.Part::owner).containsExactly(members.get(0), members.get(1));
        assertThat(batches.get(1).sends()).isEqualTo(4);
    }

    @Test
    void aRequestLargerThanABatchIsCutAcrossBatchesInOrder() {
        RequestGroup.Member big = request(false, null, 7);

        List<SendBatch> batches = all(batches(false, 3, 1000).of(new RequestGroup(List.of(big))));

        assertThat(batches).extracting(SendBatch::size).containsExactly(3, 3, 1);
        assertThat(batches.stream().flatMap(b -> tokens(b).stream()).toList())
                .containsExactlyElementsOf(big.context().request().tokens().stream().map(DeviceToken::token).toList());
    }

    @Test
    void eachProjectGetsBatchesOfItsOwnSoABatchGoesThroughOneBreaker() {
        RequestGroup.Member first = request(false, null, 2);
        RequestGroup.Member other = request(false, "other", 2);
        RequestGroup.Member second = request(false, null, 2);

        List<SendBatch> batches = all(batches(false, 10, 1000).of(new RequestGroup(List.of(first, other, second))));

        assertThat(batches).extracting(SendBatch::projectName).containsExactly("default", "other");
        assertThat(batches.get(0).parts()).extracting(SendBatch.Part::owner).containsExactly(first, second);
    }

    @Test
    void aRequestForAProjectThatIsNotConfiguredIsRejectedAndSendsNothing() {
        RequestGroup.Member unknown = request(false, "nowhere", 2);
        RequestGroup.Member fine = request(false, null, 2);

        List<SendBatch> batches = all(batches(false, 10, 1000).of(new RequestGroup(List.of(unknown, fine))));

        assertThat(unknown.error()).isInstanceOf(InvalidPushRequestException.class);
        assertThat(unknown.sendable()).isFalse();
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0).parts()).extracting(SendBatch.Part::owner).containsExactly(fine);
    }

    /** Contract section 6: with the channel on, a request for web_users/groups only has nothing for FCM. */
    @org.junit.jupiter.params.ParameterizedTest(name = "legacy={0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aRequestForRealtimeRecipientsOnlyIsInNoBatchAndStaysSendable(boolean legacy) {
        RequestGroup.Member realtimeOnly = realtimeOnly(legacy, "{\"title\":\"t\",\"groups\":[\"g1\"]}");
        RequestGroup.Member fine = request(legacy, null, 2);

        List<SendBatch> batches = all(batches(legacy, 10, 1000).of(new RequestGroup(List.of(realtimeOnly, fine))));

        assertThat(realtimeOnly.error()).isNull();
        assertThat(realtimeOnly.sendable()).isTrue();
        assertThat(batches).flatExtracting(SendBatch::parts).extracting(SendBatch.Part::owner).containsOnly(fine);
        assertThat(all(batches(legacy, 10, 1000).of(new RequestGroup(List.of(
                realtimeOnly(legacy, "{\"title\":\"t\",\"web_users\":[\"bob\"]}")))))).isEmpty();
    }

    @Test
    void aRequestForRealtimeRecipientsOnlyNamingAnUnknownProjectIsStillUnknownProject() {
        RequestGroup.Member unknown = realtimeOnly(false, "{\"title\":\"t\",\"project\":\"my-app-prod\",\"groups\":[\"g1\"]}");

        assertThat(all(batches(false, 10, 1000).of(new RequestGroup(List.of(unknown))))).isEmpty();
        assertThat(unknown.error()).isInstanceOfSatisfying(InvalidPushRequestException.class,
                invalid -> assertThat(invalid.errorCode()).isEqualTo(InvalidPushRequestException.UNKNOWN_PROJECT));
    }

    private static RequestGroup.Member realtimeOnly(boolean legacy, String json) {
        PushRequestReader reader = PushRequestReader.of(new IntakeLimits(4096, 100_000, 1 << 22), BodyDigest::messageId,
                legacy, true);
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return RequestGroup.Member.read(new Message(body, new MessageProperties()),
                new RequestContext(reader.read(body, null), 0, Instant.EPOCH, null, null), false);
    }

    @Test
    void legacyBatchesSendOneMulticastPerRequestPartAndSeveralMulticastsAtOnce() {
        RequestGroup.Member broadcast = request(true, null, 25);
        RequestGroup.Member small = request(true, null, 2);

        List<SendBatch> batches = all(batches(true, 500, 10).of(new RequestGroup(List.of(broadcast, small))));

        assertThat(batches).hasSize(1);
        assertThat(batches.get(0).parts()).extracting(p -> p.tokens().size()).containsExactly(10, 10, 5, 2);
        assertThat(batches.get(0).sends()).isEqualTo(4);
        assertThat(batches.get(0).parts()).allSatisfy(p -> assertThat(p.legacyBody()).isNotEmpty());
    }

    @Test
    void aLegacyBatchHoldsAtMostFiftyMulticastsWorthOfTokens() {
        RequestGroup.Member broadcast = request(true, null, 1200);

        List<SendBatch> batches = all(batches(true, 500, 10).of(new RequestGroup(List.of(broadcast))));

        assertThat(batches).extracting(SendBatch::size).containsExactly(500, 500, 200);
        assertThat(batches.get(0).sends()).isEqualTo(SendBatches.LEGACY_MULTICASTS_IN_FLIGHT);
    }
}
