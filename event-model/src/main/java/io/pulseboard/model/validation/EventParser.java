package io.pulseboard.model.validation;

import static io.pulseboard.model.validation.EventLimits.MAX_EVENT_BYTES;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Turns the JSON of one event into an {@link io.pulseboard.model.Event}, or into every problem it
 * has, each with its field and a message that says what is wrong and what is allowed. It never
 * throws: whatever the input, the answer is a {@link ParsedEvent}. A missing time is the clock's
 * now. With a {@link TimeWindow}, a time outside it is a problem of the event too (producers check
 * what the aggregator would refuse; the aggregator applies its own, with its partition's clock).
 *
 * <p>Thread-safe; one instance serves a whole application.
 */
public final class EventParser {

    private final EventValidator validator;

    /** A parser that takes any event time in the supported range. */
    public EventParser(Clock clock) {
        this.validator = new EventValidator(Objects.requireNonNull(clock, "clock"), null);
    }

    /** A parser that refuses event times outside {@code window} at the clock's now. */
    public EventParser(Clock clock, TimeWindow window) {
        this.validator =
                new EventValidator(Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(window, "window"));
    }

    /** Parses UTF-8 JSON. */
    public ParsedEvent parse(byte[] json) {
        return json == null ? noInput() : parse(json, 0, json.length, 1);
    }

    public ParsedEvent parse(String json) {
        if (json == null) {
            return noInput();
        }
        long size = utf8Length(json);
        if (size > MAX_EVENT_BYTES) {
            return tooLarge(size);
        }
        return parseDocument(
                open(() -> JsonInput.FACTORY.createParser(json)),
                1,
                (event, duplicates) -> validator.validate(event, duplicates, size));
    }

    /** Checks an already parsed event. Its size is that of its serialized form. */
    public ParsedEvent parse(JsonNode node) {
        return node instanceof ObjectNode event
                ? validator.validate(event, List.of(), -1)
                : ParsedEvent.rejected("", "expected a JSON object, found " + Describe.kind(node));
    }

    /** Parses UTF-8 JSON that is part of a larger input whose line {@code firstLine} it starts on. */
    ParsedEvent parse(byte[] bytes, int offset, int length, long firstLine) {
        if (length > MAX_EVENT_BYTES) {
            return tooLarge(length);
        }
        String encodingProblem = JsonInput.encodingProblem(bytes, offset, length);
        if (encodingProblem != null) {
            return ParsedEvent.rejected("", encodingProblem);
        }
        JsonParser json = open(() -> JsonInput.FACTORY.createParser(bytes, offset, length));
        return parseDocument(json, firstLine, (event, duplicates) -> validator.validate(event, duplicates, length));
    }

    /**
     * Parses a line of UTF-8 JSON that may be a dead-letter line ({@link DeadLetterLines}): the event
     * it carries, or, without a {@code dead_letter} key, the line as an event. The line may be up to
     * {@link DeadLetterLines#MAX_LINE_BYTES} long; an event, up to the event limit.
     */
    ParsedEvent parseDeadLetterLine(byte[] bytes, int offset, int length, long line) {
        String encodingProblem = JsonInput.encodingProblem(bytes, offset, length);
        if (encodingProblem != null) {
            return ParsedEvent.rejected("", encodingProblem);
        }
        JsonParser json = open(() -> JsonInput.FACTORY.createParser(bytes, offset, length));
        return parseDocument(json, line, (object, duplicates) -> {
            if (object.has(DeadLetterLines.DEAD_LETTER)) {
                return DeadLetterLines.unwrap(object, duplicates, validator);
            }
            return length > MAX_EVENT_BYTES ? tooLarge(length) : validator.validate(object, duplicates, length);
        });
    }

    /**
     * Parses the object whose START_OBJECT is the current token of a larger document, through its
     * END_OBJECT. An object over the size limit is read through without being kept in memory.
     */
    ParsedEvent parseElement(JsonParser json) throws IOException {
        long start = json.currentTokenLocation().getByteOffset();
        TreeReader tree = new TreeReader(json, start + MAX_EVENT_BYTES);
        ObjectNode event = tree.readObject();
        long size = json.currentLocation().getByteOffset() - start;
        if (event == null || size > MAX_EVENT_BYTES) {
            return tooLarge(size);
        }
        return validator.validate(event, tree.duplicates(), size);
    }

    /** What becomes of the object an input holds: its event, or its problems. */
    private interface ObjectCheck {
        ParsedEvent check(ObjectNode object, List<Violation> duplicates);
    }

    /** Parses a whole input that must be exactly one JSON object, and checks that object. */
    private ParsedEvent parseDocument(JsonParser json, long firstLine, ObjectCheck check) {
        try (json) {
            JsonToken first = json.nextToken();
            if (first == null) {
                return ParsedEvent.rejected("", "no JSON found: the input is empty");
            }
            if (first != JsonToken.START_OBJECT) {
                return ParsedEvent.rejected(
                        "",
                        "expected a JSON object, found " + Describe.kind(first)
                                + Describe.at(json.currentTokenLocation(), firstLine));
            }
            TreeReader tree = new TreeReader(json, Long.MAX_VALUE);
            ObjectNode event = tree.readObject();
            JsonLocation after = contentAfter(json);
            if (after != null) {
                return ParsedEvent.rejected(
                        "",
                        "unexpected content after the end of the event" + Describe.at(after, firstLine)
                                + "; give one JSON object");
            }
            return check.check(event, tree.duplicates());
        } catch (JsonProcessingException e) {
            return ParsedEvent.rejected(
                    "", Describe.syntaxError(e) + Describe.at(JsonInput.location(e, json), firstLine));
        } catch (IOException e) {
            // In-memory input has no I/O: only a parser bug could get here.
            throw new UncheckedIOException(e);
        }
    }

    /** Where the input goes on after the event, or null if it ends there. */
    private static JsonLocation contentAfter(JsonParser json) throws IOException {
        try {
            return json.nextToken() == null ? null : json.currentTokenLocation();
        } catch (JsonProcessingException e) {
            return JsonInput.location(e, json);
        }
    }

    private interface ParserSource {
        JsonParser open() throws IOException;
    }

    /** Opens a parser over in-memory input, which cannot fail. */
    private static JsonParser open(ParserSource source) {
        try {
            return source.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ParsedEvent noInput() {
        return ParsedEvent.rejected("", "no input");
    }

    private static ParsedEvent tooLarge(long bytes) {
        return ParsedEvent.rejected(
                "", "event is " + bytes + " bytes, longer than the " + MAX_EVENT_BYTES + "-byte limit");
    }

    /** The UTF-8 size of a string, without encoding it. */
    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // A surrogate pair is four bytes, two for each half.
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }
}
