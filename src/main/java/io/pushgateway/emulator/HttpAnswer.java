package io.pushgateway.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A complete HTTP answer, built before it is written so it can be written later (latency) or inspected. */
record HttpAnswer(int status, String contentType, Map<String, String> headers, byte[] body) {

    static final String JSON = "application/json; charset=UTF-8";
    static final String TEXT = "text/plain; charset=UTF-8";
    static final String HTML = "text/html; charset=UTF-8";

    HttpAnswer {
        headers = Map.copyOf(headers);
    }

    static HttpAnswer json(int status, JsonNode body) {
        return new HttpAnswer(status, JSON, Map.of(), JsonSupport.bytesOf(body));
    }

    /** For bodies already serialised, e.g. the success answers written without a JSON tree. */
    static HttpAnswer json(int status, byte[] body) {
        return new HttpAnswer(status, JSON, Map.of(), body);
    }

    static HttpAnswer text(int status, String body) {
        return new HttpAnswer(status, TEXT, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    static HttpAnswer html(int status, String body) {
        return new HttpAnswer(status, HTML, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    HttpAnswer withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new HttpAnswer(status, contentType, more, body);
    }
}
