package io.pulseboard.model.validation;

import static io.pulseboard.model.validation.EventLimits.MAX_ERROR_TYPE_LENGTH;
import static io.pulseboard.model.validation.EventLimits.MAX_EVENT_BYTES;
import static io.pulseboard.model.validation.EventLimits.MAX_MESSAGE_LENGTH;
import static io.pulseboard.model.validation.EventLimits.MAX_STRING;
import static io.pulseboard.model.validation.EventLimits.MAX_TAGS;
import static io.pulseboard.model.validation.EventLimits.MAX_TAG_KEY_LENGTH;
import static io.pulseboard.model.validation.EventLimits.MAX_TAG_VALUE_LENGTH;
import static io.pulseboard.model.validation.EventLimits.MAX_VALUES;
import static io.pulseboard.model.validation.EventLimits.MAX_VALUE_NAME_LENGTH;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulseboard.model.Event;
import io.pulseboard.model.Status;
import io.pulseboard.model.json.PulseJson;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the fields of one event object against the contract and builds the {@link Event}. Every
 * field is checked, so that a producer learns about all its mistakes at once. A field that is
 * optional may also be null, which means the same as leaving it out.
 */
final class EventValidator {

    private static final List<String> FIELDS =
            List.of("stream", "time", "status", "error_type", "values", "tags", "message", "source", "id");

    // Four-digit years, so that every accepted time has one ISO-8601 spelling everywhere.
    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private static final String TIME_RULE = "use ISO-8601 with an offset, e.g. \"2026-11-22T10:15:30.123Z\", "
            + "or epoch milliseconds as a JSON number";

    private final Clock clock;
    /** The event times accepted; null: any time in the supported range (the aggregator applies its own). */
    private final TimeWindow window;

    EventValidator(Clock clock, TimeWindow window) {
        this.clock = clock;
        this.window = window;
    }

    /**
     * Validates {@code event}; {@code found} are problems already seen while reading it, and
     * {@code inputBytes} the size of its JSON (-1 if unknown).
     */
    ParsedEvent validate(ObjectNode event, List<Violation> found, long inputBytes) {
        List<Violation> violations = found.isEmpty() ? new ArrayList<>(2) : new ArrayList<>(found);
        String stream = stream(event.get("stream"), violations);
        Instant time = time(event.get("time"), violations);
        Status status = status(event.get("status"), violations);
        String errorType = errorType(event.get("error_type"), violations);
        Map<String, Double> values = values(event.get("values"), violations);
        Map<String, String> tags = tags(event.get("tags"), violations);
        String message = text("message", event.get("message"), MAX_MESSAGE_LENGTH, violations);
        String source = text("source", event.get("source"), MAX_STRING, violations);
        String id = text("id", event.get("id"), MAX_STRING, violations);
        for (Map.Entry<String, JsonNode> field : event.properties()) {
            if (!FIELDS.contains(field.getKey())) {
                violations.add(new Violation(
                        Describe.unquoted(field.getKey()),
                        "unknown field; known fields are " + String.join(", ", FIELDS)));
            }
        }
        if (!violations.isEmpty()) {
            return ParsedEvent.rejected(violations);
        }
        Event parsed = new Event(stream, time, status, errorType, values, tags, message, source, id);
        // What is published must pass this parser again, and numbers or times may grow when written.
        // Serializing to measure is costly, so only an event near the limit is measured.
        if (inputBytes >= 0 && inputBytes + maxGrowth(values.size()) <= MAX_EVENT_BYTES) {
            return ParsedEvent.accepted(parsed);
        }
        int size = PulseJson.toBytes(parsed).length;
        if (size > MAX_EVENT_BYTES) {
            return ParsedEvent.rejected(
                    "",
                    "event is " + size + " bytes once serialized, longer than the " + MAX_EVENT_BYTES + "-byte limit");
        }
        return ParsedEvent.accepted(parsed);
    }

    /**
     * How much longer an event can get when written than it was when read: the defaults of absent
     * fields (time, status, empty objects), a time in another spelling, and each number in Java's
     * spelling. Strings never grow: the writer escapes only what JSON input must escape too.
     */
    static int maxGrowth(int values) {
        return 256 + 32 * values;
    }

    private static String stream(JsonNode node, List<Violation> violations) {
        if (isAbsent(node)) {
            violations.add(new Violation("stream", "is required: name the stream, e.g. \"checkout.api\""));
        } else if (!node.isTextual()) {
            violations.add(new Violation("stream", "must be a string, " + found(node)));
        } else if (!StreamNames.isValid(node.textValue())) {
            violations.add(new Violation("stream", shown(node) + " is not a valid stream name: " + StreamNames.RULE));
        } else {
            return node.textValue();
        }
        return null;
    }

    private Instant time(JsonNode node, List<Violation> violations) {
        if (isAbsent(node)) {
            return clock.instant();
        }
        Instant time = null;
        if (node.isTextual()) {
            time = isoTime(node.textValue(), violations);
        } else if (node.isIntegralNumber() && node.canConvertToLong()) {
            time = Instant.ofEpochMilli(node.longValue());
        } else if (node.isIntegralNumber()) {
            violations.add(new Violation("time", shown(node) + " is too large for epoch milliseconds"));
        } else if (node.isNumber()) {
            violations.add(
                    new Violation("time", shown(node) + " is not a whole number: epoch milliseconds are an integer"));
        } else {
            violations.add(new Violation(
                    "time",
                    "must be an ISO-8601 string or epoch milliseconds, " + "found " + Describe.kind(node) + "; "
                            + TIME_RULE));
        }
        if (time != null && (time.isBefore(EARLIEST) || time.isAfter(LATEST))) {
            violations.add(new Violation("time", shown(node) + " is outside the supported range: years 0000 to 9999"));
            return null;
        }
        String outside = time == null || window == null ? null : window.violation(time, clock.instant());
        if (outside != null) {
            violations.add(new Violation("time", outside));
            return null;
        }
        return time;
    }

    private static Instant isoTime(String text, List<Violation> violations) {
        Instant common = IsoTimes.parseUtc(text);
        if (common != null) {
            return common;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeException notWithOffset) {
            violations.add(new Violation(
                    "time",
                    Describe.quote(text)
                            + (isLocalTime(text)
                                    ? " has no offset: add Z for UTC or an offset such as +01:00"
                                    : " is not a valid time: " + TIME_RULE)));
            return null;
        }
    }

    private static boolean isLocalTime(String text) {
        try {
            LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static Status status(JsonNode node, List<Violation> violations) {
        if (isAbsent(node)) {
            return Status.OK;
        }
        if (!node.isTextual()) {
            violations.add(new Violation("status", "must be \"ok\" or \"error\", found " + Describe.kind(node)));
            return null;
        }
        for (Status status : Status.values()) {
            if (status.jsonName().equals(node.textValue())) {
                return status;
            }
        }
        violations.add(
                new Violation("status", shown(node) + " is not a valid status: use \"ok\" or \"error\", in lowercase"));
        return null;
    }

    private static String errorType(JsonNode node, List<Violation> violations) {
        if (isAbsent(node)) {
            return null;
        }
        if (!node.isTextual()) {
            violations.add(new Violation("error_type", "must be a string, " + found(node)));
        } else if (!isErrorType(node.textValue())) {
            violations.add(new Violation(
                    "error_type",
                    shown(node) + " is not a valid error type: use 1-" + MAX_ERROR_TYPE_LENGTH
                            + " characters A-Z a-z 0-9 . _ -"));
        } else {
            return node.textValue();
        }
        return null;
    }

    private static Map<String, Double> values(JsonNode node, List<Violation> violations) {
        Map<String, Double> values = new LinkedHashMap<>();
        if (isAbsent(node)) {
            return values;
        }
        if (!node.isObject()) {
            violations.add(new Violation(
                    "values",
                    "must be an object of numbers by name, " + "e.g. {\"latency_ms\": 812.5}, found "
                            + Describe.kind(node)));
            return values;
        }
        if (node.size() > MAX_VALUES) {
            violations.add(
                    new Violation("values", "has " + node.size() + " entries; at most " + MAX_VALUES + " are allowed"));
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String name = entry.getKey();
            JsonNode value = entry.getValue();
            if (!isValueName(name)) {
                violations.add(new Violation(
                        valueField(name),
                        Describe.quote(name)
                                + " is not a valid value name: use 1-" + MAX_VALUE_NAME_LENGTH
                                + " characters a-z 0-9 _, starting with a letter"));
            }
            if (!value.isNumber()) {
                violations.add(new Violation(valueField(name), "must be a number, found " + Describe.kind(value)));
            } else if (Double.isNaN(value.doubleValue())) {
                violations.add(new Violation(valueField(name), "must be a finite number, found NaN"));
            } else if (Double.isInfinite(value.doubleValue())) {
                violations.add(new Violation(
                        valueField(name),
                        "must be a finite number, found one that is infinite or too large for a double"));
            } else {
                values.put(name, value.doubleValue());
            }
        }
        return values;
    }

    private static Map<String, String> tags(JsonNode node, List<Violation> violations) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (isAbsent(node)) {
            return tags;
        }
        if (!node.isObject()) {
            violations.add(new Violation(
                    "tags",
                    "must be an object of strings by name, " + "e.g. {\"region\": \"eu-west\"}, found "
                            + Describe.kind(node)));
            return tags;
        }
        if (node.size() > MAX_TAGS) {
            violations.add(
                    new Violation("tags", "has " + node.size() + " entries; at most " + MAX_TAGS + " are allowed"));
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            if (!isTagKey(key)) {
                violations.add(new Violation(
                        tagField(key),
                        Describe.quote(key)
                                + " is not a valid tag name: use 1-" + MAX_TAG_KEY_LENGTH
                                + " characters A-Z a-z 0-9 _ . -"));
            }
            if (!value.isTextual()) {
                violations.add(new Violation(tagField(key), "must be a string (tags are strings), " + found(value)));
            } else if (isText("tags.", key, value.textValue(), MAX_TAG_VALUE_LENGTH, violations)) {
                tags.put(key, value.textValue());
            }
        }
        return tags;
    }

    /** An optional free-text field: {@code message}, {@code source} or {@code id}. */
    private static String text(String field, JsonNode node, int maxLength, List<Violation> violations) {
        if (isAbsent(node)) {
            return null;
        }
        if (!node.isTextual()) {
            violations.add(new Violation(field, "must be a string, " + found(node)));
            return null;
        }
        return isText(field, null, node.textValue(), maxLength, violations) ? node.textValue() : null;
    }

    /**
     * Checks free text: its length in characters, and that it is Unicode. The field is
     * {@code field}, or {@code field + key} for a map entry (built only for a message).
     */
    private static boolean isText(String field, String key, String text, int maxLength, List<Violation> violations) {
        int length = 0;
        int lone = -1;
        for (int i = 0; i < text.length(); i++, length++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c) && lone < 0) {
                lone = c;
            }
        }
        if (length > maxLength) {
            violations.add(new Violation(
                    entryField(field, key),
                    "is " + length + " characters long; at most " + maxLength + " are allowed"));
            return false;
        }
        // A lone surrogate is not Unicode text: it could not be written as UTF-8 later on.
        if (lone >= 0) {
            violations.add(new Violation(
                    entryField(field, key),
                    String.format("contains an unpaired surrogate \\u%04X; use valid Unicode text", lone)));
            return false;
        }
        return true;
    }

    private static String entryField(String field, String key) {
        return key == null ? field : field + Describe.unquoted(key);
    }

    private static String valueField(String name) {
        return "values." + Describe.unquoted(name);
    }

    private static String tagField(String key) {
        return "tags." + Describe.unquoted(key);
    }

    /** {@code [a-z][a-z0-9_]*}, at most MAX_VALUE_NAME_LENGTH characters. */
    static boolean isValueName(String name) {
        int n = name.length();
        if (n == 0 || n > MAX_VALUE_NAME_LENGTH || name.charAt(0) < 'a' || name.charAt(0) > 'z') {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** {@code [A-Za-z0-9_.-]+}, at most MAX_TAG_KEY_LENGTH characters. */
    static boolean isTagKey(String key) {
        return isWord(key, MAX_TAG_KEY_LENGTH);
    }

    /** {@code [A-Za-z0-9._-]+}, at most MAX_ERROR_TYPE_LENGTH characters. */
    static boolean isErrorType(String type) {
        return isWord(type, MAX_ERROR_TYPE_LENGTH);
    }

    private static boolean isWord(String text, int maxLength) {
        int n = text.length();
        if (n == 0 || n > maxLength) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (!((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '_'
                    || c == '.'
                    || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull();
    }

    /** A scalar as it is shown in messages: strings quoted, everything escaped and shortened. */
    private static String shown(JsonNode node) {
        return node.isTextual() ? Describe.quote(node.textValue()) : Describe.unquoted(node.asText());
    }

    /** What was found instead of a string, with the fix for a number or boolean: quote it. */
    private static String found(JsonNode node) {
        String found = "found " + Describe.kind(node);
        return node.isNumber() || node.isBoolean()
                ? found + "; write it in quotes: " + Describe.quote(node.asText())
                : found;
    }
}
