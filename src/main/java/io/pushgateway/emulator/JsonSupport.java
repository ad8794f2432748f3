package io.pushgateway.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** One shared, thread-safe ObjectMapper: the emulator only works with JSON trees. */
final class JsonSupport {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonSupport() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Parses a request body; throws with Jackson's description of what is wrong. */
    static JsonNode read(byte[] body) throws JsonProcessingException {
        try {
            JsonNode tree = MAPPER.readTree(body);
            if (tree == null || tree.isMissingNode()) {
                throw new EmptyBodyException();
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            // readTree(byte[]) only does I/O on memory; any other IOException is a parse problem too.
            throw new UncheckedIOException(e);
        }
    }

    /** For counting tokens when the body is not otherwise interpreted (outages). */
    static Optional<JsonNode> readLeniently(byte[] body) {
        try {
            return Optional.of(read(body));
        } catch (JsonProcessingException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    static byte[] bytesOf(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /** Jackson's first message line, without its source-location noise. */
    static String shortReason(JsonProcessingException e) {
        String original = e.getOriginalMessage();
        return original == null ? "malformed JSON" : original;
    }

    static final class EmptyBodyException extends JsonProcessingException {
        EmptyBodyException() {
            super("No content to map due to end-of-input");
        }
    }
}
