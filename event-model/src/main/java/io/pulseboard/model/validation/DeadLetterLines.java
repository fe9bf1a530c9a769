package io.pulseboard.model.validation;

import static io.pulseboard.model.validation.EventLimits.MAX_EVENT_BYTES;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulseboard.model.json.PulseJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The lines of a dead-letter export ({@code pulse dlq export}), one record of {@code
 * pulse.events.dlq} per NDJSON line:
 *
 * <pre>{"dead_letter": {"reason": "…", "source": "…", "time": "…"}, "event": <the record's value>}</pre>
 *
 * <p>{@code event} is the JSON the record held, as it was (on one line), or a string when it held no
 * JSON. Such a line, edited or not, can be sent again: read with {@link
 * BatchReader#readNdjsonWithDeadLetters}, it stands for the event it carries, and the problems of
 * that event are reported under {@code event.} ({@code event.time: …}). A line is recognised by its
 * {@code dead_letter} key; what the dead letter says is for people and is not checked.
 */
public final class DeadLetterLines {

    /** The key that makes a line a dead-letter line. */
    public static final String DEAD_LETTER = "dead_letter";

    /** The key of the record's value: the event to send. */
    public static final String EVENT = "event";

    /**
     * Longest dead-letter line: an event of at most {@link EventLimits#MAX_EVENT_BYTES} and what the
     * dead letter says about it (a reason may list many problems).
     */
    public static final int MAX_LINE_BYTES = 4 * MAX_EVENT_BYTES;

    private static final byte[] KEY = ('"' + DEAD_LETTER + '"').getBytes(StandardCharsets.US_ASCII);

    /** Strict JSON, as other tools read it: no NaN, no comments. */
    private static final JsonFactory STRICT = new JsonFactory();

    private DeadLetterLines() {}

    /**
     * The line of one dead letter, UTF-8, without a line end. {@code reason} and {@code source} are
     * the record's headers, {@code time} its timestamp (each null if it has none), {@code value} its
     * value (null for none).
     */
    public static byte[] write(String reason, String source, Instant time, byte[] value) {
        ByteArrayBuilder out = new ByteArrayBuilder(value == null ? 256 : value.length + 256);
        try (JsonGenerator g = PulseJson.mapper().writer().createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart(DEAD_LETTER);
            g.writeStringField("reason", reason);
            g.writeStringField("source", source);
            g.writeStringField("time", time == null ? null : time.toString());
            g.writeEndObject();
            g.writeFieldName(EVENT);
            String json = value == null ? null : jsonText(value);
            if (value == null) {
                g.writeNull();
            } else if (json != null) {
                g.writeRawValue(json);
            } else {
                g.writeString(new String(value, StandardCharsets.UTF_8));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The value's JSON text on one line, exactly as it was but for the whitespace between tokens; null
     * if the value is not one strict JSON value in UTF-8.
     */
    static String jsonText(byte[] value) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        try (JsonParser json = STRICT.createParser(text)) {
            if (json.nextToken() == null) {
                return null;
            }
            json.skipChildren();
            if (json.nextToken() != null) {
                return null;
            }
        } catch (IOException e) { // not JSON, or past Jackson's limits
            return null;
        }
        return withoutWhitespace(text);
    }

    /** Valid JSON without the whitespace outside its strings (inside them, line ends are escaped). */
    private static String withoutWhitespace(String json) {
        StringBuilder out = new StringBuilder(json.length());
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                out.append(c);
                if (c == '\\') {
                    out.append(json.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                out.append(c);
                inString = c == '"';
            }
        }
        return out.toString();
    }

    /**
     * Whether a line may be a dead-letter line: its first {@code length} bytes hold the key. Cheap, so
     * that plain event lines are read as they always were; the key is checked again once parsed.
     */
    static boolean mayBe(byte[] line, int length) {
        outer:
        for (int i = 0; i <= length - KEY.length; i++) {
            for (int k = 0; k < KEY.length; k++) {
                if (line[i + k] != KEY[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * The event a parsed dead-letter line carries, or every problem of the line: its own ({@code
     * duplicates}, by path from the line's root, and unknown keys) and its event's, under {@code
     * event.}. The event's size is that of its serialized form.
     */
    static ParsedEvent unwrap(ObjectNode line, List<Violation> duplicates, EventValidator validator) {
        List<Violation> violations = new ArrayList<>(duplicates);
        for (Map.Entry<String, JsonNode> field : line.properties()) {
            if (!field.getKey().equals(DEAD_LETTER) && !field.getKey().equals(EVENT)) {
                violations.add(new Violation(
                        Describe.unquoted(field.getKey()),
                        "unknown field; a dead-letter line has " + DEAD_LETTER + " and " + EVENT));
            }
        }
        JsonNode event = line.get(EVENT);
        if (event == null) {
            violations.add(new Violation(
                    EVENT, "is missing: a dead-letter line carries the event to send in \"" + EVENT + "\""));
        } else if (event.isTextual()) {
            violations.add(new Violation(
                    EVENT,
                    "is the record's value as text, not an event: the dead "
                            + "letter held no JSON; replace it with the event as a JSON object to send it"));
        } else if (event.isNull()) {
            violations.add(new Violation(
                    EVENT,
                    "is null: the dead letter had no value, so there is no "
                            + "event to send; remove the line or write the event"));
        } else if (!event.isObject()) {
            violations.add(new Violation(EVENT, "must be the event, a JSON object, found " + Describe.kind(event)));
        } else {
            ParsedEvent parsed = validator.validate((ObjectNode) event, List.of(), -1);
            if (violations.isEmpty()) {
                return parsed.valid() ? parsed : ParsedEvent.rejected(underEvent(parsed.violations()));
            }
            violations.addAll(underEvent(parsed.violations()));
        }
        return ParsedEvent.rejected(violations);
    }

    private static List<Violation> underEvent(List<Violation> violations) {
        return violations.stream()
                .map(v -> new Violation(v.field().isEmpty() ? EVENT : EVENT + "." + v.field(), v.message()))
                .toList();
    }
}
