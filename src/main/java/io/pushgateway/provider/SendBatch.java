package io.pushgateway.provider;

import io.pushgateway.core.DeviceToken;
import io.pushgateway.core.RequestGroup;
import io.pushgateway.core.TargetKind;
import io.pushgateway.provider.fcm.FcmV1RequestBuilder;
import java.util.List;

/**
 * One unit of Camel work on the send path, for one Firebase project: targets of one or more
 * requests of a group. v1: up to push.fcm.batch-size targets, one HTTP request each, bodies made from
 * each part's {@code v1} just before it is sent. Legacy: one multicast per part (up to
 * push.gcm.batch-size tokens of one request), every multicast of the batch in flight at once.
 */
public record SendBatch(FcmProject project, boolean legacy, List<Part> parts, int size) {

    /**
     * Some targets of one request. Exactly one of {@code v1} and {@code legacyBody} is set.
     *
     * @param owner the request they belong to, whose results they add to
     */
    public record Part(RequestGroup.Member owner, TargetKind kind, List<DeviceToken> tokens,
                       FcmV1RequestBuilder.Prepared v1, byte[] legacyBody) {
    }

    /** The project's name: the send-batch route (and breaker) this batch goes through. */
    public String projectName() {
        return project.name();
    }

    /** HTTP requests the batch makes: one per target (v1) or one per part (legacy). */
    public int sends() {
        return legacy ? parts.size() : size;
    }
}
