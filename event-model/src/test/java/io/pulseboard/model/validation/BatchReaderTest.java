package io.pulseboard.model.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulseboard.model.validation.BatchReader.BatchItem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BatchReaderTest {

    static final EventParser PARSER =
            new EventParser(Clock.fixed(Instant.parse("2026-11-22T10:20:00Z"), ZoneOffset.UTC));

    static InputStream input(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    static String event(String stream) {
        return "{\"stream\": \"" + stream + "\"}";
    }

    /** An input of {@code size} bytes of {@code fill}, generated as it is read: never in memory. */
    static InputStream generated(long size, byte fill) {
        return generated(size, new byte[] {fill});
    }

    /** {@code pattern} repeated {@code times}, generated as it is read. */
    static InputStream repeated(String pattern, long times) {
        byte[] bytes = pattern.getBytes(StandardCharsets.UTF_8);
        return generated(bytes.length * times, bytes);
    }

    static InputStream generated(long size, byte[] pattern) {
        return new InputStream() {
            long position;

            @Override
            public int read() {
                return position < size ? pattern[(int) (position++ % pattern.length)] : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (position >= size) {
                    return -1;
                }
                int n = (int) Math.min(length, size - position);
                if (pattern.length == 1) {
                    Arrays.fill(buffer, offset, offset + n, pattern[0]);
                    position += n;
                } else {
                    for (int i = 0; i < n; i++) {
                        buffer[offset + i] = pattern[(int) (position++ % pattern.length)];
                    }
                }
                return n;
            }
        };
    }

    static InputStream concat(InputStream... parts) {
        InputStream all = parts[0];
        for (int i = 1; i < parts.length; i++) {
            all = new SequenceInputStream(all, parts[i]);
        }
        return all;
    }

    static String stream(BatchItem item) {
        return item.result().event().stream();
    }

    static String problem(BatchItem item) {
        assertThat(item.result().valid()).as("item %s", item).isFalse();
        return item.result().violations().toString();
    }

    @Nested
    class Ndjson {

        static List<BatchItem> read(InputStream in) {
            List<BatchItem> items = new ArrayList<>();
            BatchReader.readNdjson(in, PARSER, items::add);
            return items;
        }

        static List<BatchItem> read(String text) {
            return read(input(text));
        }

        @Test
        void oneEventPerLine() {
            List<BatchItem> items = read(event("a") + "\n" + event("b") + "\n" + event("c") + "\n");

            assertThat(items).extracting(BatchItem::index).containsExactly(0, 1, 2);
            assertThat(items).extracting(BatchItem::line).containsExactly(1L, 2L, 3L);
            assertThat(items).extracting(BatchReaderTest::stream).containsExactly("a", "b", "c");
        }

        @Test
        void blankLinesAreSkippedButCounted() {
            List<BatchItem> items = read("\n" + event("a") + "\n\n  \t \n" + event("b") + "\n\r\n \r\n");

            assertThat(items).extracting(BatchItem::index).containsExactly(0, 1);
            assertThat(items).extracting(BatchItem::line).containsExactly(2L, 5L);
            assertThat(items).extracting(BatchReaderTest::stream).containsExactly("a", "b");
        }

        @Test
        void crlf() {
            List<BatchItem> items = read(event("a") + "\r\n" + event("b") + "\r\n");

            assertThat(items).extracting(BatchReaderTest::stream).containsExactly("a", "b");
            assertThat(items).extracting(BatchItem::line).containsExactly(1L, 2L);
        }

        @Test
        void lastLineWithoutNewline() {
            assertThat(read(event("a") + "\n" + event("b")))
                    .extracting(BatchReaderTest::stream)
                    .containsExactly("a", "b");
            assertThat(read(event("a") + "\r"))
                    .extracting(BatchReaderTest::stream)
                    .containsExactly("a");
        }

        @Test
        void empty() {
            assertThat(read("")).isEmpty();
            assertThat(read("\n\n \n")).isEmpty();
        }

        @Test
        void badLinesInTheMiddle() {
            List<BatchItem> items = read(String.join(
                    "\n",
                    event("a"),
                    "{\"stream\": \"Bad\"}",
                    "",
                    "{\"stream\": \"b\", \"values\" {}}",
                    "[1, 2]",
                    event("c"),
                    "{\"stream\": \"d\""));

            assertThat(items).extracting(BatchItem::index).containsExactly(0, 1, 2, 3, 4, 5);
            assertThat(items).extracting(BatchItem::line).containsExactly(1L, 2L, 4L, 5L, 6L, 7L);
            assertThat(stream(items.get(0))).isEqualTo("a");
            assertThat(problem(items.get(1))).contains("stream: \"Bad\" is not a valid stream name");
            // Locations are lines of the whole input.
            assertThat(problem(items.get(2))).contains("invalid JSON", "at line 4, column 26");
            assertThat(problem(items.get(3))).contains("expected a JSON object, found an array at line 5, column 1");
            assertThat(stream(items.get(4))).isEqualTo("c");
            assertThat(problem(items.get(5))).contains("the JSON ends too early", "at line 7");
        }

        @Test
        void longestLine() {
            String padded = "{\"stream\": \"a\"" + " ".repeat(EventLimits.MAX_EVENT_BYTES - 15) + "}";
            assertThat(padded).hasSize(EventLimits.MAX_EVENT_BYTES);

            List<BatchItem> items = read(padded + "\r\n" + padded + "x\n" + padded);

            assertThat(items.get(0).result().valid()).isTrue();
            assertThat(problem(items.get(1))).isEqualTo("[line is 16385 bytes, longer than the 16384-byte limit]");
            assertThat(items.get(2).result().valid()).isTrue();
        }

        @Test
        void hugeLineIsSkippedWithoutBeingKept() {
            List<BatchItem> items = read(concat(
                    input(event("a") + "\n{\"stream\": \"b\", \"id\": \""),
                    generated(5L << 20, (byte) 'x'),
                    input("\"}\r\n" + event("c") + "\n")));

            assertThat(items).extracting(BatchItem::line).containsExactly(1L, 2L, 3L);
            assertThat(problem(items.get(1))).isEqualTo("[line is 5242905 bytes, longer than the 16384-byte limit]");
            assertThat(stream(items.get(2))).isEqualTo("c");
        }

        @Test
        void gigabyteLineInConstantMemory() {
            // More than the test JVM's heap (see the pom): buffering it would fail.
            List<BatchItem> items = read(concat(generated(1L << 30, (byte) '{'), input("\n" + event("b"))));

            assertThat(problem(items.get(0))).isEqualTo("[line is 1073741824 bytes, longer than the 16384-byte limit]");
            assertThat(stream(items.get(1))).isEqualTo("b");
        }

        @Test
        void readErrorsPropagate() {
            InputStream failing = concat(input(event("a") + "\n"), new InputStream() {
                @Override
                public int read() throws IOException {
                    throw new IOException("connection reset");
                }
            });
            List<BatchItem> items = new ArrayList<>();

            assertThatThrownBy(() -> BatchReader.readNdjson(failing, PARSER, items::add))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("connection reset");
            assertThat(items).hasSize(1);
        }
    }

    @Nested
    class JsonArray {

        static List<BatchItem> read(InputStream in) throws UnreadableInputException {
            List<BatchItem> items = new ArrayList<>();
            BatchReader.readJsonArray(in, PARSER, items::add);
            return items;
        }

        static List<BatchItem> read(String text) throws UnreadableInputException {
            return read(input(text));
        }

        @Test
        void eventsOfAnArray() throws Exception {
            List<BatchItem> items =
                    read("[\n  " + event("a") + ",\n  " + event("b") + ",\n\n  " + event("c") + "\n]\n");

            assertThat(items).extracting(BatchItem::index).containsExactly(0, 1, 2);
            assertThat(items).extracting(BatchItem::line).containsExactly(2L, 3L, 5L);
            assertThat(items).extracting(BatchReaderTest::stream).containsExactly("a", "b", "c");
        }

        @Test
        void emptyArray() throws Exception {
            assertThat(read("[]")).isEmpty();
            assertThat(read(" [ ] \n")).isEmpty();
        }

        @Test
        void badElementsAreItemsAndReadingGoesOn() throws Exception {
            List<BatchItem> items = read("""
          [
            {"stream": "a"},
            42,
            "text",
            null,
            [{"stream": "x"}, [[]]],
            {"stream": "Bad", "values": {"x": NaN}, "values": {}},
            {"stream": "b", "deep": {"a": [{"b": {}}]}},
            {"stream": "c"}
          ]
          """);

            assertThat(items).extracting(BatchItem::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
            assertThat(items).extracting(BatchItem::line).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
            assertThat(stream(items.get(0))).isEqualTo("a");
            assertThat(problem(items.get(1))).isEqualTo("[expected a JSON object, found a number at line 3, column 3]");
            assertThat(problem(items.get(2))).contains("found a string");
            assertThat(problem(items.get(3))).contains("found null");
            assertThat(problem(items.get(4))).contains("found an array at line 6, column 3");
            assertThat(items.get(5).result().violations())
                    .extracting(Violation::field)
                    .containsExactly("values", "stream", "values.x");
            assertThat(problem(items.get(6))).contains("deep: unknown field");
            assertThat(stream(items.get(7))).isEqualTo("c");
        }

        @Test
        void notAnArray() {
            assertThatThrownBy(() -> read(event("a")))
                    .isInstanceOf(UnreadableInputException.class)
                    .hasMessage("expected a JSON array of events, found an object at line 1, column 1");
            assertThatThrownBy(() -> read("  \n 42"))
                    .hasMessage("expected a JSON array of events, found a number at line 2, column 2");
            assertThatThrownBy(() -> read("")).hasMessageStartingWith("expected a JSON array of events, found nothing");
        }

        @Test
        void truncatedArrayKeepsWhatWasRead() {
            List<BatchItem> items = new ArrayList<>();

            assertThatThrownBy(() -> BatchReader.readJsonArray(
                            input("[" + event("a") + ",\n" + event("b") + ",\n{\"stream\": \"c\", \"val"),
                            PARSER,
                            items::add))
                    .isInstanceOfSatisfying(UnreadableInputException.class, e -> {
                        assertThat(e.getMessage()).startsWith("the JSON ends too early");
                        assertThat(e.line()).isEqualTo(3);
                        assertThat(e.column()).isGreaterThan(1);
                    });
            assertThat(items).extracting(BatchReaderTest::stream).containsExactly("a", "b");
        }

        @Test
        void brokenJsonStopsTheReading() {
            List<BatchItem> items = new ArrayList<>();

            assertThatThrownBy(() -> BatchReader.readJsonArray(
                            input("[" + event("a") + ",\n{\"stream\": \"b\" \"x\": 1},\n" + event("c") + "]"),
                            PARSER,
                            items::add))
                    .isInstanceOf(UnreadableInputException.class)
                    .hasMessageStartingWith("invalid JSON: Unexpected character")
                    .hasMessageEndingWith("at line 2, column 16");
            assertThat(items).hasSize(1);
        }

        @Test
        void contentAfterTheArray() {
            List<BatchItem> items = new ArrayList<>();

            assertThatThrownBy(() -> BatchReader.readJsonArray(input("[" + event("a") + "] []"), PARSER, items::add))
                    .hasMessage("unexpected content after the end of the array at line 1, column 19");
            assertThat(items).hasSize(1);
        }

        @Test
        void utf16() {
            assertThatThrownBy(() -> read(new ByteArrayInputStream("[]".getBytes(StandardCharsets.UTF_16BE))))
                    .hasMessageStartingWith("the input is not UTF-8");
        }

        @Test
        void hugeElementsAreSkippedWithoutBeingKept() throws Exception {
            List<BatchItem> items = read(concat(
                    input("[" + event("a") + ",\n{\"stream\": \"b\", \"id\": \""),
                    generated(5L << 20, (byte) 'x'),
                    input("\"},\n{\"stream\": \"c\", \"tags\": {\"k\": [1"),
                    repeated(",{\"a\":[1,\"b\"]}", 1 << 20),
                    input("]}},\n{\"stream\": \"d\", \"values\": {\"x\": 1, \"pad\": [1"),
                    repeated(",1", 1 << 20),
                    input("]}}, " + event("e") + "]")));

            assertThat(items).extracting(BatchItem::line).containsExactly(1L, 2L, 3L, 4L, 4L);
            assertThat(stream(items.get(0))).isEqualTo("a");
            assertThat(problem(items.get(1))).isEqualTo("[event is 5242905 bytes, longer than the 16384-byte limit]");
            assertThat(problem(items.get(2))).contains("longer than the 16384-byte limit");
            assertThat(problem(items.get(3))).contains("longer than the 16384-byte limit");
            assertThat(stream(items.get(4))).isEqualTo("e");
        }

        @Test
        void stringOverJacksonsLimitIsUnreadable() {
            List<BatchItem> items = new ArrayList<>();

            assertThatThrownBy(() -> BatchReader.readJsonArray(
                            concat(
                                    input("[" + event("a") + ", {\"stream\": \"b\", \"id\": \""),
                                    generated(21_000_000, (byte) 'x'),
                                    input("\"}]")),
                            PARSER,
                            items::add))
                    .isInstanceOf(UnreadableInputException.class)
                    .hasMessageContaining("String value length");
            assertThat(items).hasSize(1);
        }

        @Test
        void readErrorsPropagate() {
            InputStream failing = concat(input("[" + event("a") + ","), new InputStream() {
                @Override
                public int read() throws IOException {
                    throw new IOException("connection reset");
                }
            });

            assertThatThrownBy(() -> read(failing))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("connection reset");
        }
    }
}
