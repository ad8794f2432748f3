package io.pushgateway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pushgateway.core.InvalidPushRequestException;
import io.pushgateway.core.PushRequest;
import java.nio.charset.StandardCharsets;

/** Shared fixtures for the reader tests: a valid base request to spoil, and rejection capture. */
public final class ReaderTesting {

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String GENERATED_ID = "generated-id";

    private ReaderTesting() {
    }

    public static PushRequestReader reader() {
        return new PushRequestReader(IntakeLimits.defaults(), () -> GENERATED_ID);
    }

    public static PushRequestReader reader(IntakeLimits limits) {
        return new PushRequestReader(limits, () -> GENERATED_ID);
    }

    /** A reader for a gateway speaking the legacy protocol. */
    public static PushRequestReader legacyReader() {
        return PushRequestReader.forLegacyProtocol(IntakeLimits.defaults(), () -> GENERATED_ID);
    }

    /** A valid request: one token and a title. Tests change one thing and see what happens. */
    public static ObjectNode validRequest() {
        ObjectNode request = JSON.createObjectNode();
        request.putArray("registration_tokens").add("tok-a");
        request.put("title", "hello");
        return request;
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] bytes(ObjectNode request) {
        try {
            return JSON.writeValueAsBytes(request);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static PushRequest read(ObjectNode request) {
        return reader().read(bytes(request), null);
    }

    public static PushRequest read(String json) {
        return reader().read(utf8(json), null);
    }

    public static InvalidPushRequestException rejectionOf(ObjectNode request) {
        return rejectionOf(reader(), bytes(request));
    }

    public static PushRequest readOnLegacy(String json) {
        return legacyReader().read(utf8(json), null);
    }

    public static InvalidPushRequestException rejectionOnLegacy(String json) {
        return rejectionOf(legacyReader(), utf8(json));
    }

    public static InvalidPushRequestException rejectionOf(String json) {
        return rejectionOf(reader(), utf8(json));
    }

    public static InvalidPushRequestException rejectionOf(PushRequestReader reader, byte[] body) {
        Throwable thrown = catchThrowable(() -> reader.read(body, "amqp-id"));
        assertThat(thrown).isInstanceOf(InvalidPushRequestException.class);
        return (InvalidPushRequestException) thrown;
    }
}
