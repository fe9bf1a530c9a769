package io.pulseboard.model.validation;

import static io.pulseboard.model.validation.EventLimits.MAX_ERROR_TYPE_LENGTH;
import static io.pulseboard.model.validation.EventLimits.MAX_EVENT_BYTES;
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
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Checks the fields of one event object against the contract and builds the {@link Event}. Every
 * field is checked, so that a producer learns about all its mistakes at once. A field that is
 * optional may also be null, which means the same as leaving it out.
 */
final class EventValidator {

  private static final List<String> FIELDS =
      List.of("stream", "time", "status", "error_type", "values", "tags", "source", "id");

  private static final Pattern ERROR_TYPE =
      Pattern.compile("[A-Za-z0-9._-]{1," + MAX_ERROR_TYPE_LENGTH + "}");
  private static final Pattern VALUE_NAME =
      Pattern.compile("[a-z][a-z0-9_]{0," + (MAX_VALUE_NAME_LENGTH - 1) + "}");
  private static final Pattern TAG_KEY =
      Pattern.compile("[A-Za-z0-9_.-]{1," + MAX_TAG_KEY_LENGTH + "}");

  // Four-digit years, so that every accepted time has one ISO-8601 spelling everywhere.
  private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private static final String TIME_RULE =
      "use ISO-8601 with an offset, e.g. \"2026-11-22T10:15:30.123Z\", "
          + "or epoch milliseconds as a JSON number";

  private final Clock clock;

  EventValidator(Clock clock) {
    this.clock = clock;
  }

  /** Validates {@code event}; {@code found} are problems already seen while reading it. */
  ParsedEvent validate(ObjectNode event, List<Violation> found) {
    List<Violation> violations = new ArrayList<>(found);
    String stream = stream(event.get("stream"), violations);
    Instant time = time(event.get("time"), violations);
    Status status = status(event.get("status"), violations);
    String errorType = errorType(event.get("error_type"), violations);
    Map<String, Double> values = values(event.get("values"), violations);
    Map<String, String> tags = tags(event.get("tags"), violations);
    String source = text("source", event.get("source"), violations);
    String id = text("id", event.get("id"), violations);
    for (Map.Entry<String, JsonNode> field : event.properties()) {
      if (!FIELDS.contains(field.getKey())) {
        violations.add(new Violation(Describe.unquoted(field.getKey()),
            "unknown field; known fields are " + String.join(", ", FIELDS)));
      }
    }
    if (!violations.isEmpty()) {
      return ParsedEvent.rejected(violations);
    }
    Event parsed = new Event(stream, time, status, errorType, values, tags, source, id);
    // What is published must pass this parser again, and numbers or times may grow when written.
    int size = PulseJson.toBytes(parsed).length;
    if (size > MAX_EVENT_BYTES) {
      return ParsedEvent.rejected("", "event is " + size + " bytes once serialized, longer than the "
          + MAX_EVENT_BYTES + "-byte limit");
    }
    return ParsedEvent.accepted(parsed);
  }

  private static String stream(JsonNode node, List<Violation> violations) {
    if (isAbsent(node)) {
      violations.add(new Violation("stream",
          "is required: name the stream, e.g. \"checkout.api\""));
    } else if (!node.isTextual()) {
      violations.add(new Violation("stream", "must be a string, " + found(node)));
    } else if (!StreamNames.isValid(node.textValue())) {
      violations.add(new Violation("stream",
          shown(node) + " is not a valid stream name: " + StreamNames.RULE));
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
      violations.add(new Violation("time",
          shown(node) + " is not a whole number: epoch milliseconds are an integer"));
    } else {
      violations.add(new Violation("time", "must be an ISO-8601 string or epoch milliseconds, "
          + "found " + Describe.kind(node) + "; " + TIME_RULE));
    }
    if (time != null && (time.isBefore(EARLIEST) || time.isAfter(LATEST))) {
      violations.add(new Violation("time",
          shown(node) + " is outside the supported range: years 0000 to 9999"));
      return null;
    }
    return time;
  }

  private static Instant isoTime(String text, List<Violation> violations) {
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeException notWithOffset) {
      violations.add(new Violation("time", Describe.quote(text) + (isLocalTime(text)
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
      violations.add(new Violation("status",
          "must be \"ok\" or \"error\", found " + Describe.kind(node)));
      return null;
    }
    for (Status status : Status.values()) {
      if (status.jsonName().equals(node.textValue())) {
        return status;
      }
    }
    violations.add(new Violation("status",
        shown(node) + " is not a valid status: use \"ok\" or \"error\", in lowercase"));
    return null;
  }

  private static String errorType(JsonNode node, List<Violation> violations) {
    if (isAbsent(node)) {
      return null;
    }
    if (!node.isTextual()) {
      violations.add(new Violation("error_type", "must be a string, " + found(node)));
    } else if (!ERROR_TYPE.matcher(node.textValue()).matches()) {
      violations.add(new Violation("error_type", shown(node) + " is not a valid error type: use 1-"
          + MAX_ERROR_TYPE_LENGTH + " characters A-Z a-z 0-9 . _ -"));
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
      violations.add(new Violation("values", "must be an object of numbers by name, "
          + "e.g. {\"latency_ms\": 812.5}, found " + Describe.kind(node)));
      return values;
    }
    if (node.size() > MAX_VALUES) {
      violations.add(new Violation("values",
          "has " + node.size() + " entries; at most " + MAX_VALUES + " are allowed"));
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String name = entry.getKey();
      String field = "values." + Describe.unquoted(name);
      JsonNode value = entry.getValue();
      if (!VALUE_NAME.matcher(name).matches()) {
        violations.add(new Violation(field, Describe.quote(name) + " is not a valid value name: "
            + "use 1-" + MAX_VALUE_NAME_LENGTH + " characters a-z 0-9 _, starting with a letter"));
      }
      if (!value.isNumber()) {
        violations.add(new Violation(field, "must be a number, found " + Describe.kind(value)));
      } else if (Double.isNaN(value.doubleValue())) {
        violations.add(new Violation(field, "must be a finite number, found NaN"));
      } else if (Double.isInfinite(value.doubleValue())) {
        violations.add(new Violation(field,
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
      violations.add(new Violation("tags", "must be an object of strings by name, "
          + "e.g. {\"region\": \"eu-west\"}, found " + Describe.kind(node)));
      return tags;
    }
    if (node.size() > MAX_TAGS) {
      violations.add(new Violation("tags",
          "has " + node.size() + " entries; at most " + MAX_TAGS + " are allowed"));
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String key = entry.getKey();
      String field = "tags." + Describe.unquoted(key);
      JsonNode value = entry.getValue();
      if (!TAG_KEY.matcher(key).matches()) {
        violations.add(new Violation(field, Describe.quote(key) + " is not a valid tag name: "
            + "use 1-" + MAX_TAG_KEY_LENGTH + " characters A-Z a-z 0-9 _ . -"));
      }
      if (!value.isTextual()) {
        violations.add(new Violation(field,
            "must be a string (tags are strings), " + found(value)));
      } else if (isText(field, value.textValue(), MAX_TAG_VALUE_LENGTH, violations)) {
        tags.put(key, value.textValue());
      }
    }
    return tags;
  }

  /** An optional free-text field: {@code source} or {@code id}. */
  private static String text(String field, JsonNode node, List<Violation> violations) {
    if (isAbsent(node)) {
      return null;
    }
    if (!node.isTextual()) {
      violations.add(new Violation(field, "must be a string, " + found(node)));
      return null;
    }
    return isText(field, node.textValue(), MAX_STRING, violations) ? node.textValue() : null;
  }

  /** Checks free text: its length in characters, and that it is Unicode. */
  private static boolean isText(
      String field, String text, int maxLength, List<Violation> violations) {
    int length = text.codePointCount(0, text.length());
    if (length > maxLength) {
      violations.add(new Violation(field,
          "is " + length + " characters long; at most " + maxLength + " are allowed"));
      return false;
    }
    // A lone surrogate is not Unicode text: it could not be written as UTF-8 later on.
    OptionalInt lone = text.codePoints()
        .filter(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)
        .findFirst();
    if (lone.isPresent()) {
      violations.add(new Violation(field, String.format(
          "contains an unpaired surrogate \\u%04X; use valid Unicode text", lone.getAsInt())));
      return false;
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
