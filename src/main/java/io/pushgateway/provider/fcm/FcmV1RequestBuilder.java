package io.pushgateway.provider.fcm;

import static io.pushgateway.provider.FcmJsonFields.writeData;
import static io.pushgateway.provider.FcmJsonFields.writeIfPresent;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.pushgateway.intake.PushRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes FCM HTTP v1 send bodies ({@code POST /v1/projects/{id}/messages:send}).
 *
 * <p>HTTP v1 takes one token per request, so a broadcast to 10,000 tokens is 10,000 bodies that
 * differ only in the token. {@link #prepare} serialises everything else once; {@link
 * Prepared#forToken} then only escapes the token and joins three byte arrays.
 *
 * <p>The token is written first, right after {@code {"message":{"token":"}, which is what makes
 * the body splittable around it. Absent request fields are left out, so FCM applies its defaults.
 */
public final class FcmV1RequestBuilder {

    private static final JsonFactory JSON = new JsonFactory();

    private static final byte[] BEFORE_TOKEN = "{\"message\":{\"token\":\"".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CLOSE_TOKEN = "\"".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CLOSE_MESSAGE_AND_BODY = "}}".getBytes(StandardCharsets.UTF_8);

    public FcmV1RequestBuilder() {
    }

    /** Serialises everything of the request but the token, once for all its tokens. */
    public Prepared prepare(PushRequest request) {
        byte[] fields = messageFieldsAsObject(request);
        return new Prepared(afterToken(fields));
    }

    /** A request ready to be sent to any number of tokens; immutable and safe to share between threads. */
    public static final class Prepared {

        private final byte[] afterToken;

        private Prepared(byte[] afterToken) {
            this.afterToken = afterToken;
        }

        /**
         * The complete send body for one token.
         *
         * @throws IllegalArgumentException if the token holds an unpaired UTF-16 surrogate
         *                                  (the intake reader refuses such tokens)
         */
        public byte[] forToken(String token) {
            byte[] escapedToken = JsonStringEncoder.getInstance().quoteAsUTF8(token);
            byte[] body = new byte[BEFORE_TOKEN.length + escapedToken.length + afterToken.length];
            System.arraycopy(BEFORE_TOKEN, 0, body, 0, BEFORE_TOKEN.length);
            System.arraycopy(escapedToken, 0, body, BEFORE_TOKEN.length, escapedToken.length);
            System.arraycopy(afterToken, 0, body, BEFORE_TOKEN.length + escapedToken.length, afterToken.length);
            return body;
        }
    }

    /**
     * Turns the serialised object of the other message fields, {@code {...}}, into what follows
     * the token: its closing quote, then the fields without their braces, then the closing braces
     * of the message and of the body.
     */
    private static byte[] afterToken(byte[] fieldsObject) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(fieldsObject.length + 4);
        out.writeBytes(CLOSE_TOKEN);
        boolean hasFields = fieldsObject.length > 2;
        if (hasFields) {
            out.write(',');
            out.write(fieldsObject, 1, fieldsObject.length - 2);
        }
        out.writeBytes(CLOSE_MESSAGE_AND_BODY);
        return out.toByteArray();
    }

    private static byte[] messageFieldsAsObject(PushRequest request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            writeNotification(json, request);
            writeData(json, request.data());
            writeAndroid(json, request);
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

    private static void writeAndroid(JsonGenerator json, PushRequest request) throws IOException {
        if (request.priority() == null && request.ttlSeconds() == null
                && request.collapseKey() == null && request.icon() == null) {
            return;
        }
        json.writeObjectFieldStart("android");
        if (request.priority() != null) {
            json.writeStringField("priority", request.priority().name());
        }
        if (request.ttlSeconds() != null) {
            // proto3 JSON writes a Duration as seconds with an "s" suffix.
            json.writeStringField("ttl", request.ttlSeconds() + "s");
        }
        writeIfPresent(json, "collapse_key", request.collapseKey());
        if (request.icon() != null) {
            json.writeObjectFieldStart("notification");
            json.writeStringField("icon", request.icon());
            json.writeEndObject();
        }
        json.writeEndObject();
    }

}
