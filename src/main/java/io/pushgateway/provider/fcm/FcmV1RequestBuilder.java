package io.pushgateway.provider.fcm;

import static io.pushgateway.provider.FcmJsonFields.writeData;
import static io.pushgateway.provider.FcmJsonFields.writeIfPresent;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pushgateway.core.PlatformBlocks;
import io.pushgateway.core.PushRequest;
import io.pushgateway.core.TargetKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * Writes FCM HTTP v1 send bodies ({@code POST /v1/projects/{id}/messages:send}).
 *
 * <p>HTTP v1 takes one target per request, so a broadcast to 10,000 tokens is 10,000 bodies that
 * differ only in the token. {@link #prepare} serialises everything else once; {@link
 * Prepared#forToken} then only escapes the target and joins three byte arrays.
 *
 * <p>The target is written first, right after {@code {"message":{"token":"} (or {@code "fid"},
 * {@code "topic"}, {@code "condition"}), which is what makes the body splittable around it.
 * Absent request fields are left out, so FCM applies its defaults. The request's platform blocks
 * ({@code android}, {@code apns}, {@code webpush}, {@code fcm_options}) are written as given, laid
 * over what the gateway maps itself: an explicit {@code android.priority} wins over
 * {@code priority}, an explicit {@code android.notification.icon} over {@code icon}.
 */
public final class FcmV1RequestBuilder {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Bound to {@link #MAPPER}, so platform blocks are written as trees with the generator. */
    private static final JsonFactory JSON = MAPPER.getFactory();

    private static final Map<TargetKind, byte[]> BEFORE_TARGET = new EnumMap<>(TargetKind.class);
    private static final byte[] CLOSE_TARGET = "\"".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CLOSE_MESSAGE = "}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] VALIDATE_ONLY = ",\"validate_only\":true".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CLOSE_BODY = "}".getBytes(StandardCharsets.UTF_8);

    static {
        for (TargetKind kind : TargetKind.values()) {
            BEFORE_TARGET.put(kind, ("{\"message\":{\"" + kind.messageField() + "\":\"").getBytes(StandardCharsets.UTF_8));
        }
    }

    public FcmV1RequestBuilder() {
    }

    /** Serialises everything of the request but the target, once for all its targets. */
    public Prepared prepare(PushRequest request) {
        byte[] fields = messageFieldsAsObject(request);
        return new Prepared(BEFORE_TARGET.get(request.target()), afterTarget(fields, request.validateOnly()));
    }

    /** A request ready to be sent to any number of targets; immutable and safe to share between threads. */
    public static final class Prepared {

        private final byte[] beforeTarget;
        private final byte[] afterTarget;

        private Prepared(byte[] beforeTarget, byte[] afterTarget) {
            this.beforeTarget = beforeTarget;
            this.afterTarget = afterTarget;
        }

        /**
         * The complete send body for one target of the request: a token, an installation id, the
         * topic or the condition ({@link io.pushgateway.core.DeviceToken#token()}), written under
         * the request's target field.
         *
         * @throws IllegalArgumentException if the value holds an unpaired UTF-16 surrogate
         *                                  (the intake reader refuses such values)
         */
        public byte[] forToken(String target) {
            byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(target);
            byte[] body = new byte[beforeTarget.length + escaped.length + afterTarget.length];
            System.arraycopy(beforeTarget, 0, body, 0, beforeTarget.length);
            System.arraycopy(escaped, 0, body, beforeTarget.length, escaped.length);
            System.arraycopy(afterTarget, 0, body, beforeTarget.length + escaped.length, afterTarget.length);
            return body;
        }
    }

    /**
     * Turns the serialised object of the other message fields, {@code {...}}, into what follows
     * the target: its closing quote, then the fields without their braces, the closing brace of
     * the message, {@code validate_only} for a dry run, and the closing brace of the body.
     */
    private static byte[] afterTarget(byte[] fieldsObject, boolean validateOnly) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(fieldsObject.length + VALIDATE_ONLY.length + 4);
        out.writeBytes(CLOSE_TARGET);
        boolean hasFields = fieldsObject.length > 2;
        if (hasFields) {
            out.write(',');
            out.write(fieldsObject, 1, fieldsObject.length - 2);
        }
        out.writeBytes(CLOSE_MESSAGE);
        if (validateOnly) {
            out.writeBytes(VALIDATE_ONLY);
        }
        out.writeBytes(CLOSE_BODY);
        return out.toByteArray();
    }

    private static byte[] messageFieldsAsObject(PushRequest request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            writeNotification(json, request);
            writeData(json, request.data());
            PlatformBlocks blocks = request.platform();
            writeAndroid(json, request);
            writeIfGiven(json, "apns", blocks.apns());
            writeIfGiven(json, "webpush", blocks.webpush());
            writeIfGiven(json, "fcm_options", blocks.fcmOptions());
            json.writeEndObject();
        } catch (JsonGenerationException e) {
            // Only text that is not well-formed Unicode gets here; the intake reader refuses it.
            throw new IllegalArgumentException("request cannot be written as JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** v1's cross-platform notification has no icon: that one lives in {@code android.notification}. */
    private static void writeNotification(JsonGenerator json, PushRequest request) throws IOException {
        if (request.title() == null && request.body() == null && request.image() == null) {
            return;
        }
        json.writeObjectFieldStart("notification");
        writeIfPresent(json, "title", request.title());
        writeIfPresent(json, "body", request.body());
        writeIfPresent(json, "image", request.image());
        json.writeEndObject();
    }

    /** The android fields the gateway maps from the request's own fields (contract section 2, "Mapping to FCM"). */
    private static ObjectNode mappedAndroid(PushRequest request) {
        ObjectNode android = JsonNodeFactory.instance.objectNode();
        if (request.priority() != null) {
            android.put("priority", request.priority().name());
        }
        if (request.ttlSeconds() != null) {
            // proto3 JSON writes a Duration as seconds with an "s" suffix.
            android.put("ttl", request.ttlSeconds() + "s");
        }
        if (request.collapseKey() != null) {
            android.put("collapse_key", request.collapseKey());
        }
        if (request.icon() != null) {
            android.putObject("notification").put("icon", request.icon());
        }
        return android;
    }

    /** The mapped android fields with the request's own android block laid over them; nothing if both are empty. */
    private static void writeAndroid(JsonGenerator json, PushRequest request) throws IOException {
        ObjectNode given = request.platform().android();
        ObjectNode android = JsonMerge.over(mappedAndroid(request), given);
        if (android.isEmpty() && given == null) {
            return;
        }
        json.writeFieldName("android");
        json.writeTree(android);
    }

    private static void writeIfGiven(JsonGenerator json, String name, ObjectNode block) throws IOException {
        if (block != null) {
            json.writeFieldName(name);
            json.writeTree(block);
        }
    }
}
