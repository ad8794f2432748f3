package io.pushgateway.provider;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Map;

/** JSON pieces both FCM protocols write the same way. Absent fields are left out, never null. */
public final class FcmJsonFields {

    private FcmJsonFields() {
    }

    /** {@code "data": {...}} with string values; nothing when there is no data. */
    public static void writeData(JsonGenerator json, Map<String, String> data) throws IOException {
        if (data == null || data.isEmpty()) {
            return;
        }
        json.writeObjectFieldStart("data");
        for (Map.Entry<String, String> entry : data.entrySet()) {
            json.writeStringField(entry.getKey(), entry.getValue());
        }
        json.writeEndObject();
    }

    public static void writeIfPresent(JsonGenerator json, String field, String value) throws IOException {
        if (value != null) {
            json.writeStringField(field, value);
        }
    }
}
