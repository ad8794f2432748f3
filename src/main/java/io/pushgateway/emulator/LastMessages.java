package io.pushgateway.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last v1 request body received per target, so an end-to-end test can check what reached
 * "FCM" (e.g. how the gateway merged platform blocks). Bounded: beyond {@link #CAPACITY} targets the
 * one not heard of for longest is forgotten, so a broadcast benchmark cannot fill the heap.
 *
 * <p>It keeps the body's bytes, not its JSON tree: a reference costs nothing on the send path and
 * a few hundred bytes of heap, where a tree costs several times that; it is parsed only when asked.
 */
final class LastMessages {

    static final int CAPACITY = 10_000;

    private final Map<String, byte[]> bodyByTarget = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > CAPACITY;
        }
    };

    /** {@code body} is the whole request body; it must not change afterwards. */
    synchronized void received(String target, byte[] body) {
        bodyByTarget.put(target, body);
    }

    /** The {@code message} object of the last request body for {@code target}. */
    Optional<JsonNode> messageFor(String target) {
        byte[] body;
        synchronized (this) {
            body = bodyByTarget.get(target);
        }
        return Optional.ofNullable(body)
                .flatMap(JsonSupport::readLeniently)
                .map(root -> root.get("message"));
    }

    synchronized void clear() {
        bodyByTarget.clear();
    }
}
