package io.pushgateway.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The shape of one proto3 JSON value, checked the way Google's decoder checks a request before FCM
 * looks at it: known field names only (snake_case or lowerCamelCase), values of the declared type,
 * {@code null} meaning "absent". A few fields also get FCM's own checks (TTL range, https links,
 * analytics labels, colours), which FCM answers with an FcmError INVALID_ARGUMENT naming the field.
 *
 * <p>Every shape knows its path ({@code message.android.ttl}) from the start, so checking a valid
 * request builds no strings: this runs for every send.
 */
abstract class ProtoJsonShape {

    private static final String DURATION_TYPE = "type.googleapis.com/google.protobuf.Duration";

    final String path;

    private ProtoJsonShape(String path) {
        this.path = path;
    }

    /**
     * The error answer for {@code value} (never null itself), or null when it fits: null rather
     * than an Optional, as this is called for every field of every send.
     */
    abstract HttpAnswer problemWith(JsonNode value);

    private static boolean isDuration(JsonNode value) {
        return value.isTextual() && ProtoJsonValues.durationSeconds(value.asText()) != ProtoJsonValues.NOT_A_DURATION;
    }

    static HttpAnswer invalidValue(String path, String type, JsonNode value) {
        return V1ErrorAnswers.invalidValue(path, "Invalid value at '" + path + "' (" + type + "), " + value);
    }

    /** An object with known fields; unknown names are refused, naming this object's path. */
    static final class ObjectShape extends ProtoJsonShape {

        private final String protoType;
        private final Map<String, ProtoJsonShape> fields = new HashMap<>();

        ObjectShape(String path, String protoType) {
            super(path);
            this.protoType = protoType;
        }

        @Override
        HttpAnswer problemWith(JsonNode value) {
            if (!value.isObject()) {
                return invalidValue(path, protoType, value);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                ProtoJsonShape field = fields.get(entry.getKey());
                if (field == null) {
                    return V1ErrorAnswers.unknownName(path, entry.getKey());
                }
                JsonNode fieldValue = entry.getValue();
                if (!fieldValue.isNull()) {
                    HttpAnswer problem = field.problemWith(fieldValue);
                    if (problem != null) {
                        return problem;
                    }
                }
            }
            return null;
        }

        ObjectShape text(String... names) {
            for (String name : names) {
                add(name, new Scalar(childPath(name), "TYPE_STRING", JsonNode::isTextual));
            }
            return this;
        }

        ObjectShape bool(String... names) {
            for (String name : names) {
                add(name, new Scalar(childPath(name), "TYPE_BOOL", JsonNode::isBoolean));
            }
            return this;
        }

        ObjectShape int32(String name) {
            return add(name, new Scalar(childPath(name), "TYPE_INT32", value -> value.isIntegralNumber() && value.canConvertToInt()));
        }

        ObjectShape number(String... names) {
            for (String name : names) {
                add(name, new Scalar(childPath(name), "TYPE_FLOAT", JsonNode::isNumber));
            }
            return this;
        }

        ObjectShape enumOf(String name, String protoType, Set<String> values) {
            return add(name, new Scalar(childPath(name), "type.googleapis.com/google.firebase.fcm.v1." + protoType,
                    value -> value.isTextual() && values.contains(value.asText())));
        }

        ObjectShape timestamp(String name) {
            return add(name, new Scalar(childPath(name), "type.googleapis.com/google.protobuf.Timestamp",
                    value -> value.isTextual() && ProtoJsonValues.isTimestamp(value.asText())));
        }

        /** A google.protobuf.Duration such as {@code "3.5s"}. */
        ObjectShape duration(String name) {
            return add(name, new Scalar(childPath(name), DURATION_TYPE, ProtoJsonShape::isDuration));
        }

        /** A Duration of 0 to {@code maxSeconds}; outside that range it is FCM's "Invalid TTL". */
        ObjectShape ttl(String name, long maxSeconds) {
            return add(name, new TtlShape(childPath(name), maxSeconds));
        }

        ObjectShape durationList(String name) {
            return add(name, new ListShape(childPath(name), DURATION_TYPE, ProtoJsonShape::isDuration));
        }

        ObjectShape textList(String name) {
            return add(name, new ListShape(childPath(name), "TYPE_STRING", JsonNode::isTextual));
        }

        /** A map&lt;string,string&gt;, e.g. data or headers; {@code entryType} names it in errors. */
        ObjectShape stringMap(String name, String entryType) {
            return add(name, new StringMapShape(childPath(name), "type.googleapis.com/google.firebase.fcm.v1." + entryType));
        }

        /** A google.protobuf.Struct: any JSON object, e.g. the APNs payload. */
        ObjectShape struct(String name) {
            return add(name, new Scalar(childPath(name), "type.googleapis.com/google.protobuf.Struct", JsonNode::isObject));
        }

        /** A string FCM checks itself: a value that fails {@code valid} is an INVALID_ARGUMENT with {@code description}. */
        ObjectShape checkedText(String name, Predicate<String> valid, String description) {
            return add(name, new CheckedText(childPath(name), valid, description));
        }

        ObjectShape object(String name, String protoType, Consumer<ObjectShape> fill) {
            ObjectShape child = new ObjectShape(childPath(name), "type.googleapis.com/" + protoType);
            fill.accept(child);
            return add(name, child);
        }

        private String childPath(String name) {
            return path + "." + name;
        }

        /** Proto3 JSON accepts a field by its proto name and by its lowerCamelCase JSON name. */
        private ObjectShape add(String snakeName, ProtoJsonShape shape) {
            fields.put(snakeName, shape);
            fields.put(ProtoJsonValues.lowerCamel(snakeName), shape);
            return this;
        }
    }

    /** A value checked by one predicate; failing it is a decoder error naming the proto type. */
    private static final class Scalar extends ProtoJsonShape {

        private final String protoType;
        private final Predicate<JsonNode> fits;

        Scalar(String path, String protoType, Predicate<JsonNode> fits) {
            super(path);
            this.protoType = protoType;
            this.fits = fits;
        }

        @Override
        HttpAnswer problemWith(JsonNode value) {
            return fits.test(value) ? null : invalidValue(path, protoType, value);
        }
    }

    private static final class CheckedText extends ProtoJsonShape {

        private final Predicate<String> valid;
        private final String description;

        CheckedText(String path, Predicate<String> valid, String description) {
            super(path);
            this.valid = valid;
            this.description = description;
        }

        @Override
        HttpAnswer problemWith(JsonNode value) {
            if (!value.isTextual()) {
                return invalidValue(path, "TYPE_STRING", value);
            }
            return valid.test(value.asText()) ? null : V1ErrorAnswers.invalidArgumentAbout(path, description);
        }
    }

    private static final class TtlShape extends ProtoJsonShape {

        private final long maxSeconds;

        TtlShape(String path, long maxSeconds) {
            super(path);
            this.maxSeconds = maxSeconds;
        }

        @Override
        HttpAnswer problemWith(JsonNode value) {
            if (!isDuration(value)) {
                return invalidValue(path, DURATION_TYPE, value);
            }
            long seconds = ProtoJsonValues.durationSeconds(value.asText());
            if (seconds < 0 || seconds > maxSeconds) {
                return V1ErrorAnswers.invalidArgumentAbout(path, "Invalid TTL: must be between 0 and " + maxSeconds + " seconds");
            }
            return null;
        }
    }

    /** A repeated scalar field: Google names a bad element by its index. */
    private static final class ListShape extends ProtoJsonShape {

        private final String elementType;
        private final Predicate<JsonNode> elementFits;

        ListShape(String path, String elementType, Predicate<JsonNode> elementFits) {
            super(path);
            this.elementType = elementType;
            this.elementFits = elementFits;
        }

        @Override
        HttpAnswer problemWith(JsonNode value) {
            if (!value.isArray()) {
                return invalidValue(path, elementType, value);
            }
            for (int i = 0; i < value.size(); i++) {
                if (!elementFits.test(value.get(i))) {
                    return invalidValue(path + "[" + i + "]", elementType, value.get(i));
                }
            }
            return null;
        }
    }

    /** map&lt;string,string&gt;: Google names the first offending entry by its index, as {@code data[0].value}. */
    private static final class StringMapShape extends ProtoJsonShape {

        private final String entryType;

        StringMapShape(String path, String entryType) {
            super(path);
            this.entryType = entryType;
        }

        @Override
        HttpAnswer problemWith(JsonNode value) {
            if (!value.isObject()) {
                return invalidValue(path, entryType, value);
            }
            int index = 0;
            for (Iterator<JsonNode> values = value.elements(); values.hasNext(); index++) {
                JsonNode entryValue = values.next();
                if (!entryValue.isTextual()) {
                    return invalidValue(path + "[" + index + "].value", "TYPE_STRING", entryValue);
                }
            }
            return null;
        }
    }
}
