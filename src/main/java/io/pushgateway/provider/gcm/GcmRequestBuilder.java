package io.pushgateway.provider.gcm;

import static io.pushgateway.provider.FcmJsonFields.writeData;
import static io.pushgateway.provider.FcmJsonFields.writeIfPresent;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.JsonGenerator;
import io.pushgateway.core.DeviceToken;
import io.pushgateway.core.PushRequest;
import io.pushgateway.core.TargetKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes the body of a legacy FCM/GCM multicast send ({@code POST /fcm/send}) for one batch of a
 * request's tokens, or for its topic ({@code "to":"/topics/<name>"}) or condition. Fields the
 * request does not have are left out, so FCM applies its own defaults (four weeks' time to live,
 * normal priority) exactly as it would for the original producer. A dry run is {@code dry_run}.
 *
 * <p>The legacy API has no installation ids, projects or platform blocks; a reader made for the
 * legacy protocol refuses them, and so does this builder, in case a request read for v1 gets here.
 */
public final class GcmRequestBuilder {

    private static final JsonFactory JSON = new JsonFactory();

    /** Room for a typical token (about 160 bytes) plus quotes and comma. */
    private static final int BYTES_PER_TOKEN_ESTIMATE = 170;
    private static final int BYTES_FOR_THE_REST_ESTIMATE = 512;

    public GcmRequestBuilder() {
    }

    /**
     * @param batch the tokens of this send, in the order FCM's {@code results} will follow; the
     *              caller sizes batches ({@code push.gcm.batch-size}), this builder does not cap them.
     *              For a topic or condition request: its one target.
     */
    public byte[] build(PushRequest request, List<DeviceToken> batch) {
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("a legacy send needs at least one registration id");
        }
        refuseWhatLegacyCannotSend(request, batch);
        ByteArrayOutputStream out = new ByteArrayOutputStream(
                BYTES_FOR_THE_REST_ESTIMATE + batch.size() * BYTES_PER_TOKEN_ESTIMATE);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            writeTarget(json, request.target(), batch);
            writeNotification(json, request);
            writeData(json, request.data());
            if (request.priority() != null) {
                json.writeStringField("priority", request.priority().legacyName());
            }
            if (request.ttlSeconds() != null) {
                json.writeNumberField("time_to_live", request.ttlSeconds());
            }
            writeIfPresent(json, "collapse_key", request.collapseKey());
            if (request.validateOnly()) {
                json.writeBooleanField("dry_run", true);
            }
            json.writeEndObject();
        } catch (JsonGenerationException e) {
            // Only text that is not well-formed Unicode gets here; the intake reader refuses it.
            throw new IllegalArgumentException("request cannot be written as JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void refuseWhatLegacyCannotSend(PushRequest request, List<DeviceToken> batch) {
        if (request.target() == TargetKind.FID) {
            throw new IllegalArgumentException("the legacy protocol has no installation ids");
        }
        if (!request.target().isDevice() && batch.size() != 1) {
            throw new IllegalArgumentException("a " + request.target().requestField() + " send has exactly one target");
        }
        if (request.project() != null || !request.platform().isEmpty()) {
            throw new IllegalArgumentException("projects and platform blocks are FCM HTTP v1 only; "
                    + "read legacy requests with PushRequestReader.forLegacyProtocol");
        }
    }

    private static void writeTarget(JsonGenerator json, TargetKind target, List<DeviceToken> batch) throws IOException {
        switch (target) {
            case TOPIC -> json.writeStringField("to", "/topics/" + batch.get(0).token());
            case CONDITION -> json.writeStringField("condition", batch.get(0).token());
            default -> writeRegistrationIds(json, batch);
        }
    }

    private static void writeRegistrationIds(JsonGenerator json, List<DeviceToken> batch) throws IOException {
        json.writeArrayFieldStart("registration_ids");
        for (DeviceToken token : batch) {
            json.writeString(token.token());
        }
        json.writeEndArray();
    }

    private static void writeNotification(JsonGenerator json, PushRequest request) throws IOException {
        if (request.title() == null && request.body() == null && request.icon() == null && request.image() == null) {
            return;
        }
        json.writeObjectFieldStart("notification");
        writeIfPresent(json, "title", request.title());
        writeIfPresent(json, "body", request.body());
        writeIfPresent(json, "icon", request.icon());
        writeIfPresent(json, "image", request.image());
        json.writeEndObject();
    }

}
