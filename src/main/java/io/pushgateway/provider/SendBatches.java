package io.pushgateway.provider;

import io.pushgateway.core.DeviceToken;
import io.pushgateway.core.PushRequest;
import io.pushgateway.core.RequestGroup;
import io.pushgateway.provider.fcm.FcmV1RequestBuilder;
import io.pushgateway.provider.gcm.GcmRequestBuilder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * Cuts a group's sendable requests into send batches, per project in the order the requests came.
 * v1: up to the v1 batch size targets, from as many requests as fit (the message of each is written
 * once, without its target). Legacy: one multicast per request part of up to the legacy batch size
 * tokens, and up to {@value #LEGACY_MULTICASTS_IN_FLIGHT} multicasts' worth of tokens per batch, all
 * in flight at once, so a 10,000-token broadcast goes out in parallel and small requests share one
 * batch. Batches are made one at a time as the split asks: a request of any size holds one batch's
 * bodies at a time.
 */
final class SendBatches {

    /** A legacy batch carries at most this many multicasts' worth of tokens. */
    static final int LEGACY_MULTICASTS_IN_FLIGHT = 50;

    private final boolean legacy;
    private final int v1BatchSize;
    private final int legacyBatchSize;
    private final Function<PushRequest, FcmProject> projectOf;

    /**
     * How a protocol's batches are cut: v1 fills a batch with up to {@code batchSize} targets; legacy
     * cuts multicasts of up to {@code batchSize} tokens. Chosen by the protocol's sender.
     */
    record Shape(boolean legacy, int batchSize) {

        static Shape v1(int batchSize) {
            return new Shape(false, batchSize);
        }

        static Shape legacy(int batchSize) {
            return new Shape(true, batchSize);
        }
    }
    private final FcmV1RequestBuilder v1Builder = new FcmV1RequestBuilder();
    private final GcmRequestBuilder legacyBuilder = new GcmRequestBuilder();

    /** @param projectOf the project a request is sent for; throws for one that is not configured */
    SendBatches(Shape shape, Function<PushRequest, FcmProject> projectOf) {
        this.legacy = shape.legacy();
        this.v1BatchSize = shape.batchSize();
        this.legacyBatchSize = shape.batchSize();
        this.projectOf = projectOf;
    }

    /**
     * The batches of the group's sendable requests. A request whose project throws, or whose message
     * cannot be written, is rejected on its member (so it is dead-lettered) and sends nothing; one with
     * real-time recipients only has nothing for FCM and is in no batch.
     */
    Iterator<SendBatch> of(RequestGroup group) {
        Map<FcmProject, List<Sendable>> byProject = new LinkedHashMap<>();
        for (RequestGroup.Member member : group.sendable()) {
            try {
                PushRequest request = member.context().request();
                FcmProject project = projectOf.apply(request);
                if (request.tokens().isEmpty()) {
                    // Real-time recipients only (contract section 6): nothing goes to FCM. Its project is
                    // still checked above, so a name the gateway does not know is unknown-project as usual.
                    continue;
                }
                Sendable sendable = legacy
                        // The first multicast's body is written now: a message that cannot be written fails here, unsent.
                        ? new Sendable(member, null, legacyBuilder.build(request, firstChunk(request)))
                        : new Sendable(member, v1Builder.prepare(request), null);
                byProject.computeIfAbsent(project, p -> new ArrayList<>()).add(sendable);
            } catch (RuntimeException e) {
                member.reject(e);
            }
        }
        return new Batches(byProject);
    }

    private List<DeviceToken> firstChunk(PushRequest request) {
        return request.tokens().subList(0, Math.min(request.tokens().size(), legacyBatchSize));
    }

    /** A request on its way to batches: its v1 message without the target, or its first multicast. */
    private record Sendable(RequestGroup.Member member, FcmV1RequestBuilder.Prepared v1, byte[] firstLegacyBody) {

        List<DeviceToken> tokens() {
            return member.context().request().tokens();
        }
    }

    /** Walks the requests of each project, filling batches up to their size. */
    private final class Batches implements Iterator<SendBatch> {

        private final Iterator<Map.Entry<FcmProject, List<Sendable>>> projects;
        private FcmProject project;
        private Iterator<Sendable> requests;
        private Sendable current;
        /** Index of the first of current's tokens not yet in a batch. */
        private int from;

        Batches(Map<FcmProject, List<Sendable>> byProject) {
            this.projects = byProject.entrySet().iterator();
        }

        @Override
        public boolean hasNext() {
            while (current == null || from >= current.tokens().size()) {
                if (requests != null && requests.hasNext()) {
                    current = requests.next();
                    from = 0;
                } else if (projects.hasNext()) {
                    Map.Entry<FcmProject, List<Sendable>> next = projects.next();
                    project = next.getKey();
                    requests = next.getValue().iterator();
                    current = null;
                } else {
                    return false;
                }
            }
            return true;
        }

        @Override
        public SendBatch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            FcmProject batchProject = project;
            int limit = legacy ? legacyBatchSize * LEGACY_MULTICASTS_IN_FLIGHT : v1BatchSize;
            List<SendBatch.Part> parts = new ArrayList<>();
            int size = 0;
            // Parts of one project only: a batch goes through one project's breaker.
            while (size < limit && hasNext() && project == batchProject) {
                PushRequest request = current.member().context().request();
                List<DeviceToken> tokens = current.tokens();
                int room = legacy ? Math.min(legacyBatchSize, limit - size) : limit - size;
                List<DeviceToken> chunk = tokens.subList(from, Math.min(tokens.size(), from + room));
                parts.add(legacy
                        ? new SendBatch.Part(current.member(), request.target(), chunk, null, legacyBody(request, chunk))
                        : new SendBatch.Part(current.member(), request.target(), chunk, current.v1(), null));
                from += chunk.size();
                size += chunk.size();
            }
            return new SendBatch(batchProject, legacy, parts, size);
        }

        private byte[] legacyBody(PushRequest request, List<DeviceToken> chunk) {
            boolean first = from == 0 && chunk.size() == Math.min(current.tokens().size(), legacyBatchSize);
            return first ? current.firstLegacyBody() : legacyBuilder.build(request, chunk);
        }
    }
}
