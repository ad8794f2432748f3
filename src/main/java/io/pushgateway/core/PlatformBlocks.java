package io.pushgateway.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;

/**
 * FCM v1's platform blocks as the request gave them, each null when absent. They are nodes of
 * {@link PushRequest#original()}, shared and never mutated: the v1 builder merges copies.
 *
 * @param fcmOptions the request's {@code fcm_options}
 */
public record PlatformBlocks(ObjectNode android, ObjectNode apns, ObjectNode webpush, ObjectNode fcmOptions) {

    /** No block at all: what every legacy-protocol request has. */
    public static final PlatformBlocks NONE = new PlatformBlocks(null, null, null, null);

    public boolean isEmpty() {
        return android == null && apns == null && webpush == null && fcmOptions == null;
    }

    /** The blocks that are present, for size counting. */
    public Stream<ObjectNode> present() {
        return Stream.of(android, apns, webpush, fcmOptions).filter(block -> block != null);
    }
}
