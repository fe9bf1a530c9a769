package io.pulseboard.model.validation;

import static io.pulseboard.model.validation.EventLimits.MAX_EVENT_BYTES;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * Reads a batch of events (a request body, a file) as it streams in, in constant memory: one
 * event at a time is held, never the whole input, and an oversized event is read through without
 * being kept. Every event becomes an item, valid or not, so that nothing is silently dropped.
 * An {@link IOException} of the stream is thrown as an {@link UncheckedIOException}.
 */
public final class BatchReader {

    /**
     * One event of a batch: {@code index} counts items from 0, {@code line} is the line (from 1)
     * where the item starts.
     */
    public record BatchItem(int index, long line, ParsedEvent result) {}

    private static final int CHUNK_BYTES = 64 * 1024;

    private BatchReader() {}

    /**
     * Reads NDJSON: one event per line, ended by {@code \n} or {@code \r\n} (the last line may have
     * neither). Blank lines are skipped and are not items.
     */
    public static void readNdjson(InputStream in, EventParser parser, Consumer<BatchItem> sink) {
        readNdjson(in, parser, new Line(false), sink);
    }

    /**
     * Reads NDJSON as {@link #readNdjson} does, where a line may also be a line of a dead-letter
     * export ({@link DeadLetterLines}): its item is the event the line carries, its problems under
     * {@code event.}. Such a line may be up to {@link DeadLetterLines#MAX_LINE_BYTES} long.
     */
    public static void readNdjsonWithDeadLetters(InputStream in, EventParser parser, Consumer<BatchItem> sink) {
        readNdjson(in, parser, new Line(true), sink);
    }

    private static void readNdjson(InputStream in, EventParser parser, Line line, Consumer<BatchItem> sink) {
        byte[] chunk = new byte[CHUNK_BYTES];
        int index = 0;
        try {
            for (int read = in.read(chunk); read != -1; read = in.read(chunk)) {
                int start = 0;
                while (start < read) {
                    int end = start;
                    while (end < read && chunk[end] != '\n') {
                        end++;
                    }
                    line.append(chunk, start, end);
                    if (end < read) {
                        if (!line.blank) {
                            sink.accept(new BatchItem(index++, line.number, line.parse(parser)));
                        }
                        line.next();
                    }
                    start = end + 1;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!line.blank) {
            sink.accept(new BatchItem(index, line.number, line.parse(parser)));
        }
    }

    /** The NDJSON line being read: kept up to the size limit, beyond that only counted. */
    private static final class Line {

        /** Whether a line may be a dead-letter line. */
        private final boolean deadLetters;
        /** Room for the longest allowed line and its '\r'. */
        private final byte[] bytes;

        private long length;
        private byte last;
        private boolean blank = true;
        private long number = 1;

        Line(boolean deadLetters) {
            this.deadLetters = deadLetters;
            this.bytes = new byte[(deadLetters ? DeadLetterLines.MAX_LINE_BYTES : MAX_EVENT_BYTES) + 1];
        }

        void append(byte[] chunk, int from, int to) {
            if (from == to) {
                return;
            }
            if (length < bytes.length) {
                int kept = (int) Math.min(to - from, bytes.length - length);
                System.arraycopy(chunk, from, bytes, (int) length, kept);
            }
            for (int i = from; blank && i < to; i++) {
                blank = chunk[i] == ' ' || chunk[i] == '\t' || chunk[i] == '\r';
            }
            length += to - from;
            last = chunk[to - 1];
        }

        ParsedEvent parse(EventParser parser) {
            long content = last == '\r' ? length - 1 : length;
            if (deadLetters && DeadLetterLines.mayBe(bytes, (int) Math.min(content, bytes.length))) {
                return content > DeadLetterLines.MAX_LINE_BYTES
                        ? ParsedEvent.rejected(
                                "",
                                "line is " + content + " bytes, longer than the " + DeadLetterLines.MAX_LINE_BYTES
                                        + "-byte limit of a dead-letter line")
                        : parser.parseDeadLetterLine(bytes, 0, (int) content, number);
            }
            if (content > MAX_EVENT_BYTES) {
                return ParsedEvent.rejected(
                        "", "line is " + content + " bytes, longer than the " + MAX_EVENT_BYTES + "-byte limit");
            }
            return parser.parse(bytes, 0, (int) content, number);
        }

        void next() {
            number++;
            length = 0;
            last = 0;
            blank = true;
        }
    }

    /**
     * Reads a JSON array of events, element by element. An element that is not an object, or not a
     * valid event, is an invalid item, and reading goes on with the next one. Input that is not an
     * array, or so broken that the next element cannot be found, ends the reading with an {@link
     * UnreadableInputException}. So does a single string over Jackson's limit (20 million
     * characters), which the parser will not read through.
     */
    public static void readJsonArray(InputStream in, EventParser parser, Consumer<BatchItem> sink)
            throws UnreadableInputException {
        PushbackInputStream input = new PushbackInputStream(in, 2);
        byte[] head = peek(input, 2);
        String encodingProblem = JsonInput.encodingProblem(head, 0, head.length);
        if (encodingProblem != null) {
            throw new UnreadableInputException(encodingProblem, 1, 1);
        }
        JsonParser json;
        try {
            json = JsonInput.FACTORY.createParser(input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (json) {
            JsonToken first = json.nextToken();
            if (first != JsonToken.START_ARRAY) {
                throw unreadable(
                        "expected a JSON array of events, found " + Describe.kind(first), json.currentTokenLocation());
            }
            int index = 0;
            JsonToken token;
            while ((token = json.nextToken()) != JsonToken.END_ARRAY) {
                JsonLocation start = json.currentTokenLocation();
                ParsedEvent result =
                        token == JsonToken.START_OBJECT ? parser.parseElement(json) : notAnObject(json, token, start);
                sink.accept(new BatchItem(index++, start.getLineNr(), result));
            }
            if (json.nextToken() != null) {
                throw unreadable("unexpected content after the end of the array", json.currentTokenLocation());
            }
        } catch (JsonProcessingException e) {
            throw unreadable(Describe.syntaxError(e), JsonInput.location(e, json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ParsedEvent notAnObject(JsonParser json, JsonToken token, JsonLocation start) throws IOException {
        json.skipChildren();
        return ParsedEvent.rejected(
                "", "expected a JSON object, found " + Describe.kind(token) + Describe.at(start, 1));
    }

    /** The first bytes of the input (fewer if it is shorter), left in the stream. */
    private static byte[] peek(PushbackInputStream input, int count) {
        try {
            byte[] head = input.readNBytes(count);
            input.unread(head);
            return head;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static UnreadableInputException unreadable(String problem, JsonLocation location) {
        return new UnreadableInputException(problem, location.getLineNr(), location.getColumnNr());
    }
}
