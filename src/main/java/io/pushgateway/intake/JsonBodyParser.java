package io.pushgateway.intake;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pushgateway.core.InvalidPushRequestException;
import io.pushgateway.core.JsonText;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns a message body into the request's JSON object, in one pass and with bounded memory.
 *
 * <p>The body is always UTF-8: publishers send it as {@code text/plain} and the content type is
 * ignored. Decoding goes through a strict decoder, because Jackson's own byte parser guesses
 * UTF-16/32 from the first bytes and does not reject every malformed sequence.
 */
final class JsonBodyParser {

    /** The request itself is level 1 and {@code data} level 2, so 32 leaves room for any sane unknown field. */
    static final int MAX_NESTING_DEPTH = 32;

    /**
     * Jackson quotes the start of an unrecognised token in its error messages, and that token may
     * be a registration token; show no more than a masked token would.
     */
    private static final int MAX_QUOTED_TOKEN_CHARS = 6;

    private static final byte[] UTF8_BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final JsonFactory factory;
    private final ObjectMapper mapper;

    JsonBodyParser() {
        factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .build())
                .errorReportConfiguration(ErrorReportConfiguration.builder()
                        .maxErrorTokenLength(MAX_QUOTED_TOKEN_CHARS)
                        .maxRawContentLength(0)
                        .build())
                .build();
        mapper = JsonMapper.builder(factory)
                // Decimals as exact BigDecimal, trailing zeros kept: data values are sent as the
                // text the producer wrote (1.50 stays "1.50"), and retries re-serialise the
                // request without double rounding.
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .build();
    }

    ObjectNode parseObject(byte[] body) {
        try (JsonParser parser = factory.createParser(strictUtf8Reader(body))) {
            return readSingleObject(parser);
        } catch (CharacterCodingException e) {
            throw InvalidPushRequestException.invalidJson("body is not valid UTF-8");
        } catch (IOException e) {
            // The source is a byte array: nothing but decoding and parsing can fail.
            throw new UncheckedIOException(e);
        }
    }

    private ObjectNode readSingleObject(JsonParser parser) throws IOException {
        JsonNode root;
        try {
            root = mapper.readTree(parser);
            if (root != null && parser.nextToken() != null) {
                throw InvalidPushRequestException.invalidJson(
                        "body is not valid JSON: unexpected content after the request object" + at(parser.currentLocation()));
            }
        } catch (StreamConstraintsException e) {
            throw InvalidPushRequestException.invalidRequest(tooDeep(parser, e));
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw InvalidPushRequestException.invalidJson("body is not valid UTF-8");
            }
            throw InvalidPushRequestException.invalidJson(
                    "body is not valid JSON: " + e.getOriginalMessage() + at(e.getLocation()));
        }
        if (root == null || root.isMissingNode()) {
            throw InvalidPushRequestException.invalidJson("body is empty: request must be a JSON object");
        }
        if (!root.isObject()) {
            throw InvalidPushRequestException.invalidJson(
                    "request must be a JSON object, got " + JsonText.typeName(root));
        }
        return (ObjectNode) root;
    }

    private static Reader strictUtf8Reader(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        // RFC 8259 lets a parser ignore a byte order mark; some Windows tools still write one.
        int start = startsWithByteOrderMark(body) ? UTF8_BYTE_ORDER_MARK.length : 0;
        return new InputStreamReader(new ByteArrayInputStream(body, start, body.length - start), decoder);
    }

    private static boolean startsWithByteOrderMark(byte[] body) {
        return body.length >= 3
                && body[0] == UTF8_BYTE_ORDER_MARK[0]
                && body[1] == UTF8_BYTE_ORDER_MARK[1]
                && body[2] == UTF8_BYTE_ORDER_MARK[2];
    }

    /**
     * Jackson stops at the first level too deep, so the document is never built; the detail names
     * the top-level field that holds the deep value, which is what the producer has to fix.
     */
    private static String tooDeep(JsonParser parser, StreamConstraintsException e) {
        String field = topLevelFieldName(parser.getParsingContext());
        if (e.getOriginalMessage() != null && e.getOriginalMessage().contains("nesting depth")) {
            return "request JSON is nested deeper than " + MAX_NESTING_DEPTH + " levels"
                    + (field == null ? "" : " in field " + JsonText.quoted(field));
        }
        return "request JSON exceeds a reading limit"
                + (field == null ? "" : " in field " + JsonText.quoted(field)) + ": " + e.getOriginalMessage();
    }

    private static String topLevelFieldName(JsonStreamContext context) {
        JsonStreamContext level = context;
        while (level != null && level.getParent() != null && level.getParent().getParent() != null) {
            level = level.getParent();
        }
        return level == null || !level.inObject() ? null : level.getCurrentName();
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
