package io.pulseboard.model.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulseboard.model.Event;
import io.pulseboard.model.Status;
import io.pulseboard.model.json.PulseJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventParserTest {

    static final Instant NOW = Instant.parse("2026-11-22T10:20:00Z");
    static final EventParser PARSER = new EventParser(Clock.fixed(NOW, ZoneOffset.UTC));

    /** JSON written with single quotes, for readability. */
    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    static Event accepted(String json) {
        ParsedEvent result = PARSER.parse(json);
        assertThat(result.violations()).as(json).isEmpty();
        assertThat(result.valid()).isTrue();
        return result.event();
    }

    /** The event has exactly one problem, in {@code field}, and its message says {@code message}. */
    static void rejected(String json, String field, String message) {
        ParsedEvent result = PARSER.parse(json);
        assertThat(result.valid()).as(json).isFalse();
        assertThat(result.event()).isNull();
        assertThat(result.violations()).as(json).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo(field);
            assertThat(v.message()).contains(message);
        });
    }

    @Test
    void fullEvent() {
        Event event = accepted(json("""
        {'stream': 'checkout.api', 'time': '2026-11-22T10:15:30.123Z', 'status': 'error',
         'error_type': 'timeout', 'values': {'latency_ms': 812.5, 'tokens': 512, 'cost_usd': 0.0021},
         'tags': {'region': 'eu-west', 'model': 'm-large'}, 'message': 'upstream timed out after 800 ms',
         'source': 'producer-7', 'id': '01JD'}
        """));

        assertThat(event)
                .isEqualTo(new Event(
                        "checkout.api",
                        Instant.parse("2026-11-22T10:15:30.123Z"),
                        Status.ERROR,
                        "timeout",
                        Map.of("latency_ms", 812.5, "tokens", 512.0, "cost_usd", 0.0021),
                        Map.of("region", "eu-west", "model", "m-large"),
                        "upstream timed out after 800 ms",
                        "producer-7",
                        "01JD"));
    }

    @Test
    void minimalEvent() {
        Event event = accepted(json("{'stream': 'a'}"));

        assertThat(event).isEqualTo(new Event("a", NOW, Status.OK, null, Map.of(), Map.of(), null, null));
    }

    @Test
    void nullMeansAbsentForOptionalFields() {
        Event event = accepted(json("""
        {'stream': 'a', 'time': null, 'status': null, 'error_type': null, 'values': null,
         'tags': null, 'message': null, 'source': null, 'id': null}
        """));

        assertThat(event).isEqualTo(new Event("a", NOW, Status.OK, null, Map.of(), Map.of(), null, null));
    }

    @Test
    void reportsEveryProblemInFieldOrder() {
        ParsedEvent result = PARSER.parse(json("""
        {'valuess': {}, 'stream': 'Bad Name', 'time': 'x', 'status': 'OK', 'error_type': '',
         'values': {'A': '1'}, 'tags': {'k': 1}, 'message': [], 'source': 7, 'id': true}
        """));

        assertThat(result.violations())
                .extracting(Violation::field)
                .containsExactly(
                        "stream",
                        "time",
                        "status",
                        "error_type",
                        "values.A",
                        "values.A",
                        "tags.k",
                        "message",
                        "source",
                        "id",
                        "valuess");
    }

    @Nested
    class Stream {

        @ParameterizedTest
        @ValueSource(strings = {"checkout.api", "a", "0", "a-b_c.d", "llm.m-large.v2", "9.9", "a..b", "a."})
        void valid(String stream) {
            assertThat(accepted(json("{'stream': '" + stream + "'}")).stream()).isEqualTo(stream);
        }

        @Test
        void longest() {
            String stream = "a" + "b".repeat(127);
            assertThat(accepted(json("{'stream': '" + stream + "'}")).stream()).isEqualTo(stream);
        }

        @Test
        void nameNotAllowed() {
            rejected(
                    json("{'stream': 'Checkout API'}"),
                    "stream",
                    "\"Checkout API\" is not a valid stream name: use 1-128 characters a-z 0-9 . _ -, "
                            + "starting with a letter or digit");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", ".api", "-a", "_a", "a/b", "a b", "Caps", "é", "a*"})
        void invalid(String stream) {
            rejected(json("{'stream': '" + stream + "'}"), "stream", "is not a valid stream name");
        }

        @Test
        void tooLong() {
            rejected(json("{'stream': '" + "a".repeat(129) + "'}"), "stream", "1-128 characters");
        }

        @Test
        void required() {
            rejected("{}", "stream", "is required");
            rejected(json("{'stream': null}"), "stream", "is required");
        }

        @Test
        void mustBeString() {
            rejected(json("{'stream': 42}"), "stream", "must be a string, found a number");
            rejected(json("{'stream': ['a']}"), "stream", "must be a string, found an array");
        }
    }

    @Nested
    class Time {

        static Instant time(String value) {
            return accepted(json("{'stream': 'a', 'time': " + value + "}")).time();
        }

        @Test
        void isoWithOffset() {
            assertThat(time("'2026-11-22T10:15:30.123Z'")).isEqualTo(Instant.parse("2026-11-22T10:15:30.123Z"));
            assertThat(time("'2026-11-22T10:15:30.123+01:00'")).isEqualTo(Instant.parse("2026-11-22T09:15:30.123Z"));
            assertThat(time("'2026-11-22T10:15:30-05:30'")).isEqualTo(Instant.parse("2026-11-22T15:45:30Z"));
            assertThat(time("'2026-11-22T10:15:30.123456789Z'"))
                    .isEqualTo(Instant.parse("2026-11-22T10:15:30.123456789Z"));
            assertThat(time("'2026-11-22T10:15Z'")).isEqualTo(Instant.parse("2026-11-22T10:15:00Z"));
        }

        @Test
        void epochMilliseconds() {
            assertThat(time("1795342530123")).isEqualTo(Instant.ofEpochMilli(1795342530123L));
            assertThat(time("0")).isEqualTo(Instant.EPOCH);
            assertThat(time("-1000")).isEqualTo(Instant.parse("1969-12-31T23:59:59Z"));
        }

        @Test
        void missingIsNow() {
            assertThat(accepted(json("{'stream': 'a'}")).time()).isEqualTo(NOW);
            assertThat(time("null")).isEqualTo(NOW);
        }

        @Test
        void offsetRequired() {
            rejected(
                    json("{'stream': 'a', 'time': '2026-11-22T10:15:30.123'}"),
                    "time",
                    "\"2026-11-22T10:15:30.123\" has no offset: add Z for UTC or an offset such as +01:00");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "yesterday",
                    "",
                    "2026-11-22",
                    "2026-13-01T00:00:00Z",
                    "2026-11-22 10:15:30Z",
                    "1795342530123",
                    "10:15:30Z",
                    "2026-11-22T25:00:00Z"
                })
        void notATime(String value) {
            rejected(
                    json("{'stream': 'a', 'time': '" + value + "'}"),
                    "time",
                    "is not a valid time: use ISO-8601 with an offset, e.g. \"2026-11-22T10:15:30.123Z\", "
                            + "or epoch milliseconds as a JSON number");
        }

        @Test
        void epochMustBeWhole() {
            rejected(
                    json("{'stream': 'a', 'time': 1795342530123.5}"),
                    "time",
                    "is not a whole number: epoch milliseconds are an integer");
            rejected(json("{'stream': 'a', 'time': NaN}"), "time", "NaN is not a whole number");
        }

        @Test
        void epochTooLarge() {
            rejected(
                    json("{'stream': 'a', 'time': 123456789012345678901234567890}"),
                    "time",
                    "123456789012345678901234567890 is too large for epoch milliseconds");
        }

        @Test
        void fourDigitYears() {
            assertThat(time("'0000-01-01T00:00:00Z'")).isEqualTo(Instant.parse("0000-01-01T00:00:00Z"));
            assertThat(time("'9999-12-31T23:59:59.999Z'")).isEqualTo(Instant.parse("9999-12-31T23:59:59.999Z"));
            rejected(
                    json("{'stream': 'a', 'time': '+10000-01-01T00:00:00Z'}"),
                    "time",
                    "\"+10000-01-01T00:00:00Z\" is outside the supported range: years 0000 to 9999");
            rejected(
                    json("{'stream': 'a', 'time': 253402300800000}"),
                    "time",
                    "253402300800000 is outside the supported range");
            rejected(json("{'stream': 'a', 'time': " + Long.MIN_VALUE + "}"), "time", "outside the supported range");
        }

        @Test
        void wrongType() {
            rejected(
                    json("{'stream': 'a', 'time': true}"),
                    "time",
                    "must be an ISO-8601 string or epoch milliseconds, found a boolean");
            rejected(json("{'stream': 'a', 'time': {}}"), "time", "found an object");
        }
    }

    @Nested
    class StatusField {

        @Test
        void okOrError() {
            assertThat(accepted(json("{'stream': 'a', 'status': 'ok'}")).status())
                    .isEqualTo(Status.OK);
            assertThat(accepted(json("{'stream': 'a', 'status': 'error'}")).status())
                    .isEqualTo(Status.ERROR);
            assertThat(accepted(json("{'stream': 'a'}")).status()).isEqualTo(Status.OK);
        }

        @ParameterizedTest
        @ValueSource(strings = {"OK", "Error", "failed", "", " ok"})
        void exactLowercase(String status) {
            rejected(
                    json("{'stream': 'a', 'status': '" + status + "'}"),
                    "status",
                    "is not a valid status: use \"ok\" or \"error\", in lowercase");
        }

        @Test
        void wrongType() {
            rejected(json("{'stream': 'a', 'status': 1}"), "status", "must be \"ok\" or \"error\", found a number");
            rejected(json("{'stream': 'a', 'status': false}"), "status", "found a boolean");
        }
    }

    @Nested
    class ErrorType {

        @ParameterizedTest
        @ValueSource(strings = {"timeout", "HTTP_500", "a.b-c", "X"})
        void valid(String type) {
            assertThat(accepted(json("{'stream': 'a', 'status': 'error', 'error_type': '" + type + "'}"))
                            .errorType())
                    .isEqualTo(type);
        }

        @Test
        void longest() {
            String type = "T".repeat(64);
            assertThat(accepted(json("{'stream': 'a', 'error_type': '" + type + "'}"))
                            .errorType())
                    .isEqualTo(type);
        }

        @ParameterizedTest
        @ValueSource(strings = {"time out", "", "500!", "ü"})
        void invalid(String type) {
            rejected(
                    json("{'stream': 'a', 'error_type': '" + type + "'}"),
                    "error_type",
                    "is not a valid error type: use 1-64 characters A-Z a-z 0-9 . _ -");
        }

        @Test
        void tooLong() {
            rejected(
                    json("{'stream': 'a', 'error_type': '" + "T".repeat(65) + "'}"),
                    "error_type",
                    "is not a valid error type");
        }

        @Test
        void mustBeString() {
            rejected(
                    json("{'stream': 'a', 'error_type': 500}"),
                    "error_type",
                    "must be a string, found a number; write it in quotes: \"500\"");
        }
    }

    @Nested
    class Values {

        @Test
        void numbersKeepTheirOrder() {
            Event event = accepted(json("""
          {'stream': 'a', 'values': {'z': 1, 'a': -2.5, 'm': 1e3, 'big': 123456789012345678901234567890,
           'tiny': 4.9e-324, 'max': 1.7976931348623157e308, 'neg_zero': -0.0}}
          """));

            assertThat(event.values())
                    .containsExactly(
                            Map.entry("z", 1.0),
                            Map.entry("a", -2.5),
                            Map.entry("m", 1000.0),
                            Map.entry("big", 1.2345678901234568e29),
                            Map.entry("tiny", Double.MIN_VALUE),
                            Map.entry("max", Double.MAX_VALUE),
                            Map.entry("neg_zero", -0.0));
        }

        @Test
        void emptyOrAbsent() {
            assertThat(accepted(json("{'stream': 'a', 'values': {}}")).values()).isEmpty();
            assertThat(accepted(json("{'stream': 'a'}")).values()).isEmpty();
        }

        @Test
        void atMost32() {
            assertThat(accepted(values(32)).values()).hasSize(32);
            rejected(values(33), "values", "has 33 entries; at most 32 are allowed");
        }

        static String values(int count) {
            return "{\"stream\": \"a\", \"values\": {"
                    + IntStream.range(0, count)
                            .mapToObj(i -> "\"v" + i + "\": " + i)
                            .collect(Collectors.joining(", "))
                    + "}}";
        }

        @ParameterizedTest
        @ValueSource(strings = {"x", "latency_ms", "a1", "a_b_c"})
        void validNames(String name) {
            assertThat(accepted(json("{'stream': 'a', 'values': {'" + name + "': 1}}"))
                            .values())
                    .containsKey(name);
        }

        @ParameterizedTest
        @ValueSource(strings = {"Latency", "1x", "_x", "x-y", "x.y", "", "é"})
        void invalidNames(String name) {
            rejected(
                    json("{'stream': 'a', 'values': {'" + name + "': 1}}"),
                    "values." + name,
                    "is not a valid value name: use 1-64 characters a-z 0-9 _, starting with a letter");
        }

        @Test
        void nameLength() {
            String longest = "v" + "x".repeat(63);
            assertThat(accepted(json("{'stream': 'a', 'values': {'" + longest + "': 1}}"))
                            .values())
                    .containsKey(longest);
            rejected(
                    json("{'stream': 'a', 'values': {'" + longest + "x': 1}}"),
                    "values." + longest + "…",
                    "is not a valid value name");
        }

        @Test
        void notNumbers() {
            rejected(json("{'stream': 'a', 'values': {'x': '812'}}"), "values.x", "must be a number, found a string");
            rejected(json("{'stream': 'a', 'values': {'x': true}}"), "values.x", "must be a number, found a boolean");
            rejected(json("{'stream': 'a', 'values': {'x': null}}"), "values.x", "must be a number, found null");
            rejected(
                    json("{'stream': 'a', 'values': {'x': {'y': 1}}}"),
                    "values.x",
                    "must be a number, found an object");
            rejected(json("{'stream': 'a', 'values': {'x': [1]}}"), "values.x", "must be a number, found an array");
        }

        @Test
        void finite() {
            rejected(json("{'stream': 'a', 'values': {'x': NaN}}"), "values.x", "must be a finite number, found NaN");
            rejected(json("{'stream': 'a', 'values': {'x': Infinity}}"), "values.x", "must be a finite number");
            rejected(json("{'stream': 'a', 'values': {'x': -Infinity}}"), "values.x", "must be a finite number");
            rejected(
                    json("{'stream': 'a', 'values': {'x': 1e999}}"),
                    "values.x",
                    "must be a finite number, found one that is infinite or too large for a double");
            rejected(
                    json("{'stream': 'a', 'values': {'x': -" + "9".repeat(400) + "}}"),
                    "values.x",
                    "too large for a double");
        }

        @Test
        void mustBeObject() {
            rejected(
                    json("{'stream': 'a', 'values': [1, 2]}"),
                    "values",
                    "must be an object of numbers by name, e.g. {\"latency_ms\": 812.5}, found an array");
            rejected(json("{'stream': 'a', 'values': 1}"), "values", "found a number");
        }
    }

    @Nested
    class Tags {

        @Test
        void stringsKeepTheirOrder() {
            Event event = accepted(json("""
          {'stream': 'a',
           'tags': {'region': 'eu-west', 'Model.Name-1_x': 'm-large', 'empty': '', 'text': 'a b/c ü 😀'}}
          """));

            assertThat(event.tags())
                    .containsExactly(
                            Map.entry("region", "eu-west"),
                            Map.entry("Model.Name-1_x", "m-large"),
                            Map.entry("empty", ""),
                            Map.entry("text", "a b/c ü 😀"));
        }

        @Test
        void atMost16() {
            assertThat(accepted(tags(16)).tags()).hasSize(16);
            rejected(tags(17), "tags", "has 17 entries; at most 16 are allowed");
        }

        static String tags(int count) {
            return "{\"stream\": \"a\", \"tags\": {"
                    + IntStream.range(0, count)
                            .mapToObj(i -> "\"t" + i + "\": \"v\"")
                            .collect(Collectors.joining(", "))
                    + "}}";
        }

        @ParameterizedTest
        @ValueSource(strings = {"bad key", "", "a/b", "ü", "a:b"})
        void invalidKeys(String key) {
            rejected(
                    json("{'stream': 'a', 'tags': {'" + key + "': 'v'}}"),
                    "tags." + key,
                    "is not a valid tag name: use 1-64 characters A-Z a-z 0-9 _ . -");
        }

        @Test
        void keyLength() {
            assertThat(accepted(json("{'stream': 'a', 'tags': {'" + "k".repeat(64) + "': 'v'}}"))
                            .tags())
                    .hasSize(1);
            rejected(
                    json("{'stream': 'a', 'tags': {'" + "k".repeat(65) + "': 'v'}}"),
                    "tags." + "k".repeat(64) + "…",
                    "is not a valid tag name");
        }

        @Test
        void valuesAreStrings() {
            rejected(
                    json("{'stream': 'a', 'tags': {'n': 42}}"),
                    "tags.n",
                    "must be a string (tags are strings), found a number; write it in quotes: \"42\"");
            rejected(
                    json("{'stream': 'a', 'tags': {'b': true}}"),
                    "tags.b",
                    "must be a string (tags are strings), found a boolean; write it in quotes: \"true\"");
            rejected(json("{'stream': 'a', 'tags': {'x': null}}"), "tags.x", "found null");
            rejected(json("{'stream': 'a', 'tags': {'x': ['a']}}"), "tags.x", "found an array");
        }

        @Test
        void valueLengthCountsCharacters() {
            assertThat(accepted(json("{'stream': 'a', 'tags': {'k': '" + "x".repeat(256) + "'}}"))
                            .tags())
                    .hasSize(1);
            assertThat(accepted(json("{'stream': 'a', 'tags': {'k': '" + "😀".repeat(256) + "'}}"))
                            .tags())
                    .hasSize(1);
            rejected(
                    json("{'stream': 'a', 'tags': {'k': '" + "é".repeat(257) + "'}}"),
                    "tags.k",
                    "is 257 characters long; at most 256 are allowed");
        }

        @Test
        void unpairedSurrogate() {
            rejected(
                    json("{'stream': 'a', 'tags': {'k': 'a\\ud800b'}}"),
                    "tags.k",
                    "contains an unpaired surrogate \\uD800; use valid Unicode text");
            rejected(json("{'stream': 'a', 'tags': {'k': '\\udc00'}}"), "tags.k", "unpaired surrogate \\uDC00");
            assertThat(accepted(json("{'stream': 'a', 'tags': {'k': '\\ud83d\\ude00'}}"))
                            .tags())
                    .containsEntry("k", "😀");
        }

        @Test
        void mustBeObject() {
            rejected(
                    json("{'stream': 'a', 'tags': ['a']}"),
                    "tags",
                    "must be an object of strings by name, e.g. {\"region\": \"eu-west\"}, found an array");
        }
    }

    @Nested
    class Message {

        @Test
        void optionalTextForPeople() {
            assertThat(accepted(json("{'stream': 'a', 'status': 'error', 'message': 'upstream said: \\\"no\\\"\\n'}"))
                            .message())
                    .isEqualTo("upstream said: \"no\"\n");
            assertThat(accepted(json("{'stream': 'a'}")).message()).isNull();
            assertThat(accepted(json("{'stream': 'a', 'message': ''}")).message())
                    .isEmpty();
        }

        @Test
        void atMost1024Characters() {
            assertThat(accepted(json("{'stream': 'a', 'message': '" + "m".repeat(1024) + "'}"))
                            .message())
                    .hasSize(1024);
            // Characters, not UTF-16 units: 1,024 emoji are 2,048 chars in Java and still allowed.
            assertThat(accepted(json("{'stream': 'a', 'message': '" + "😀".repeat(1024) + "'}"))
                            .message())
                    .hasSize(2048);
            rejected(
                    json("{'stream': 'a', 'message': '" + "m".repeat(1025) + "'}"),
                    "message",
                    "is 1025 characters long; at most 1024 are allowed");
        }

        @Test
        void mustBeAString() {
            rejected(
                    json("{'stream': 'a', 'message': 500}"),
                    "message",
                    "must be a string, found a number; write it in quotes: \"500\"");
            rejected(json("{'stream': 'a', 'message': {'text': 'x'}}"), "message", "must be a string, found an object");
        }

        @Test
        void unpairedSurrogate() {
            rejected(json("{'stream': 'a', 'message': 'x\\udc00'}"), "message", "unpaired surrogate \\uDC00");
        }

        @Test
        void countsTowardsTheSizeLimit() {
            // 15 tags of 256 emoji (about 15 KiB) leave no room for a long message.
            String tags = IntStream.range(0, 15)
                    .mapToObj(i -> "\"t" + i + "\":\"" + "😀".repeat(256) + "\"")
                    .collect(Collectors.joining(","));
            String event = "{\"stream\":\"a\",\"tags\":{" + tags + "},\"message\":\"" + "😀".repeat(1024) + "\"}";

            assertThat(PARSER.parse(event).violations())
                    .singleElement()
                    .extracting(Violation::message)
                    .asString()
                    .endsWith("bytes, longer than the 16384-byte limit");
        }
    }

    @Nested
    class SourceAndId {

        @Test
        void optionalStrings() {
            Event event = accepted(json("{'stream': 'a', 'source': 'producer-7', 'id': '01JD…'}"));

            assertThat(event.source()).isEqualTo("producer-7");
            assertThat(event.id()).isEqualTo("01JD…");
        }

        @Test
        void atMost128Characters() {
            assertThat(accepted(json("{'stream': 'a', 'source': '" + "s".repeat(128) + "'}"))
                            .source())
                    .hasSize(128);
            rejected(
                    json("{'stream': 'a', 'source': '" + "s".repeat(129) + "'}"),
                    "source",
                    "is 129 characters long; at most 128 are allowed");
            rejected(json("{'stream': 'a', 'id': '" + "ü".repeat(129) + "'}"), "id", "is 129 characters long");
        }

        @Test
        void mustBeStrings() {
            rejected(
                    json("{'stream': 'a', 'id': 12345}"),
                    "id",
                    "must be a string, found a number; write it in quotes: \"12345\"");
            rejected(json("{'stream': 'a', 'source': {}}"), "source", "must be a string, found an object");
        }

        @Test
        void unpairedSurrogate() {
            rejected(json("{'stream': 'a', 'id': '\\ud800'}"), "id", "unpaired surrogate");
        }
    }

    @Test
    void unknownFields() {
        rejected(
                json("{'stream': 'a', 'valuess': {'x': 1}}"),
                "valuess",
                "unknown field; known fields are stream, time, status, error_type, values, tags, message, source, id");
        rejected(json("{'stream': 'a', 'Stream': 'b'}"), "Stream", "unknown field");
    }

    @Test
    void duplicateFields() {
        rejected(json("{'stream': 'a', 'stream': 'b'}"), "stream", "appears more than once; give each field once");
        rejected(json("{'stream': 'a', 'values': {'x': 1, 'x': 2}}"), "values.x", "appears more than once");
        rejected(json("{'stream': 'a', 'tags': {'k': 'a', 'k': 'a', 'k': 'a'}}"), "tags.k", "appears more than once");
    }

    @Nested
    class Size {

        /** An event of exactly {@code bytes} bytes, padded with spaces. */
        static byte[] eventOf(int bytes) {
            String event = "{\"stream\": \"a\"}";
            return (event.substring(0, event.length() - 1) + " ".repeat(bytes - event.length()) + "}")
                    .getBytes(StandardCharsets.UTF_8);
        }

        @Test
        void limitIsOnTheBytesSent() {
            assertThat(PARSER.parse(eventOf(EventLimits.MAX_EVENT_BYTES)).valid())
                    .isTrue();

            ParsedEvent tooLarge = PARSER.parse(eventOf(EventLimits.MAX_EVENT_BYTES + 1));

            assertThat(tooLarge.violations())
                    .containsExactly(new Violation("", "event is 16385 bytes, longer than the 16384-byte limit"));
            assertThat(PARSER.parse(new String(eventOf(20000), StandardCharsets.UTF_8))
                            .violations())
                    .containsExactly(new Violation("", "event is 20000 bytes, longer than the 16384-byte limit"));
        }

        @Test
        void stringSizeIsItsUtf8Size() {
            String pad = "😀".repeat(4096); // 4 bytes each in UTF-8, 2 chars each in Java
            ParsedEvent result = PARSER.parse("{\"stream\": \"a\", \"id\": \"" + pad + "\"}");

            assertThat(result.violations())
                    .singleElement()
                    .extracting(Violation::message)
                    .asString()
                    .startsWith("event is 164")
                    .endsWith("bytes, longer than the 16384-byte limit");
        }

        @Test
        void limitIsAlsoOnTheSerializedEvent() {
            // Written back, "1e-7" grows to "1.0E-7", and the missing time and status are added.
            String values =
                    IntStream.range(0, 32).mapToObj(i -> "\"v" + i + "\":1e-7").collect(Collectors.joining(","));
            String tags = IntStream.range(0, 15)
                    .mapToObj(i -> "\"t" + i + "\":\"" + "😀".repeat(256) + "\"")
                    .collect(Collectors.joining(","));
            String event = "{\"stream\":\"a\",\"values\":{" + values + "},\"tags\":{" + tags + ",\"pad\":\"%s\"}}";
            int size = String.format(event, "").getBytes(StandardCharsets.UTF_8).length;
            int missing = EventLimits.MAX_EVENT_BYTES - size;
            String sent = String.format(event, "😀".repeat(missing / 4) + "x".repeat(missing % 4));
            assertThat(sent.getBytes(StandardCharsets.UTF_8)).hasSize(EventLimits.MAX_EVENT_BYTES);

            ParsedEvent result = PARSER.parse(sent);

            assertThat(result.violations())
                    .singleElement()
                    .extracting(Violation::message)
                    .asString()
                    .matches("event is 16[0-9]{3} bytes once serialized, longer than the 16384-byte limit");
        }
    }

    @Nested
    class NotAnEvent {

        static Violation only(ParsedEvent result) {
            assertThat(result.valid()).isFalse();
            assertThat(result.violations()).hasSize(1);
            Violation violation = result.violations().get(0);
            assertThat(violation.field()).isEmpty();
            return violation;
        }

        static String problem(String json) {
            return only(PARSER.parse(json)).message();
        }

        @Test
        void otherJsonValues() {
            assertThat(problem("[{\"stream\": \"a\"}]"))
                    .isEqualTo("expected a JSON object, found an array at line 1, column 1");
            assertThat(problem("  42")).isEqualTo("expected a JSON object, found a number at line 1, column 3");
            assertThat(problem("\"a\"")).isEqualTo("expected a JSON object, found a string at line 1, column 1");
            assertThat(problem("null")).isEqualTo("expected a JSON object, found null at line 1, column 1");
            assertThat(problem("true")).isEqualTo("expected a JSON object, found a boolean at line 1, column 1");
        }

        @Test
        void empty() {
            assertThat(problem("")).isEqualTo("no JSON found: the input is empty");
            assertThat(problem(" \n\t ")).isEqualTo("no JSON found: the input is empty");
            assertThat(only(PARSER.parse((byte[]) null)).message()).isEqualTo("no input");
            assertThat(only(PARSER.parse((String) null)).message()).isEqualTo("no input");
        }

        @Test
        void truncated() {
            assertThat(problem("{\"stream\": \"a\", \"values\": {\"x\": 1"))
                    .startsWith("the JSON ends too early")
                    .endsWith("at line 1, column 34");
            assertThat(problem("{\"stream\": \"checkout")).startsWith("the JSON ends too early");
            assertThat(problem("{\"stream\":")).startsWith("the JSON ends too early");
        }

        @Test
        void syntaxErrors() {
            assertThat(problem("{\"stream\": \"a\",\n  \"values\" {}}"))
                    .startsWith("invalid JSON: Unexpected character ('{'")
                    .endsWith("at line 2, column 12");
            assertThat(problem("{'stream': 'a'}")).startsWith("invalid JSON:").contains("line 1, column 2");
            assertThat(problem("{\"stream\": \"a\" /* c */}")).startsWith("invalid JSON:");
            assertThat(problem("{\"stream\": \"a\", \"values\": {\"x\": 01}}"))
                    .startsWith("invalid JSON:")
                    .contains("Leading zeroes");
            assertThat(problem("{\"stream\": \"a\nb\"}")).startsWith("invalid JSON:");
        }

        @Test
        void invalidUtf8() {
            byte[] event = "{\"stream\": \"a\", \"id\": \"..\"}".getBytes(StandardCharsets.UTF_8);
            event[24] = (byte) 0xff;

            assertThat(only(PARSER.parse(event)).message())
                    .startsWith("invalid JSON: Invalid UTF-8 start byte 0xff")
                    .contains("at line 1, column");
        }

        @Test
        void utf16IsNotUtf8() {
            byte[] utf16 = "{\"stream\": \"a\"}".getBytes(StandardCharsets.UTF_16LE);

            assertThat(only(PARSER.parse(utf16)).message())
                    .isEqualTo("the input is not UTF-8 (it looks like UTF-16 or UTF-32); send JSON in UTF-8");
            assertThat(only(PARSER.parse("{\"stream\": \"a\"}".getBytes(StandardCharsets.UTF_16)))
                            .message())
                    .contains("not UTF-8");
        }

        @Test
        void utf8ByteOrderMarkIsAccepted() {
            byte[] event = "\uFEFF{\"stream\": \"a\"}".getBytes(StandardCharsets.UTF_8);

            assertThat(PARSER.parse(event).valid()).isTrue();
        }

        @Test
        void trailingContent() {
            assertThat(problem("{\"stream\": \"a\"} x"))
                    .startsWith("unexpected content after the end of the event at line 1, column")
                    .endsWith("; give one JSON object");
            assertThat(problem("{\"stream\": \"a\"}\n{\"stream\": \"b\"}"))
                    .isEqualTo(
                            "unexpected content after the end of the event at line 2, column 1; give one JSON object");
            assertThat(problem("{\"stream\": \"a\"},")).startsWith("unexpected content after the end of the event");
            assertThat(problem("{\"stream\": \"a\"}}")).startsWith("unexpected content after the end of the event");
        }

        @Test
        void deepNesting() {
            String deep = "[".repeat(5000) + "]".repeat(5000);

            assertThat(problem("{\"stream\": \"a\", \"values\": " + deep + "}"))
                    .startsWith("invalid JSON:")
                    .contains("nesting depth");
        }

        @Test
        void messagesQuoteInputSafely() {
            ParsedEvent result = PARSER.parse("{\"stream\": \"a\\\"b\\u0000c\\ud800" + "x".repeat(100) + "\"}");

            assertThat(result.violations())
                    .singleElement()
                    .extracting(Violation::message)
                    .asString()
                    .startsWith("\"a\\\"b\\u0000c\\uD800xx")
                    .contains("x…\" is not a valid stream name");
            assertThat(PulseJson.toJson(result.violations())).isNotEmpty();
        }
    }

    @Nested
    class Inputs {

        static final String EVENT = "{\"stream\": \"a\", \"values\": {\"x\": 1.5}, \"tags\": {\"k\": \"ü\"}}";

        @Test
        void bytesStringsAndTreesAgree() throws Exception {
            JsonNode tree = PulseJson.mapper().readTree(EVENT);
            ParsedEvent fromBytes = PARSER.parse(EVENT.getBytes(StandardCharsets.UTF_8));

            assertThat(fromBytes.valid()).isTrue();
            assertThat(PARSER.parse(EVENT)).isEqualTo(fromBytes);
            assertThat(PARSER.parse(tree)).isEqualTo(fromBytes);
        }

        @Test
        void treesAreCheckedToo() throws Exception {
            ObjectNode tree = (ObjectNode) PulseJson.mapper().readTree(EVENT);
            tree.put("stream", "Bad").put("extra", 1);
            tree.putArray("tags");

            assertThat(PARSER.parse(tree).violations())
                    .extracting(Violation::field)
                    .containsExactly("stream", "tags", "extra");
            assertThat(PARSER.parse(PulseJson.mapper().readTree("[1]")).violations())
                    .containsExactly(new Violation("", "expected a JSON object, found an array"));
            assertThat(PARSER.parse((JsonNode) null).violations())
                    .containsExactly(new Violation("", "expected a JSON object, found nothing"));
        }

        @Test
        void treeSizeIsItsSerializedSize() throws Exception {
            ObjectNode tree = PulseJson.mapper().createObjectNode().put("stream", "a");
            ObjectNode tags = tree.putObject("tags");
            for (int i = 0; i < 16; i++) {
                tags.put("t" + i, "😀".repeat(256));
            }

            assertThat(PARSER.parse(tree).violations())
                    .singleElement()
                    .extracting(Violation::message)
                    .asString()
                    .contains("bytes once serialized, longer than the 16384-byte limit");
        }
    }

    @Test
    void serializedEventsGrowLessThanTheBoundUnderWhichTheyAreNotMeasured() {
        // The smallest spellings of everything that grows when written: a missing time and status,
        // epoch milliseconds, and one-character numbers (1 becomes 1.0, 5e-324 becomes 4.9E-324).
        String[] numbers = {"1", "-0", "5e-324", "1e-7", "9e22", "0.1"};
        for (String number : numbers) {
            for (String time : new String[] {"", ",\"time\":0", ",\"time\":-1", ",\"time\":253402300799999"}) {
                for (int n : new int[] {0, 1, 32}) {
                    String values = IntStream.range(0, n)
                            .mapToObj(i -> "\"" + (char) ('a' + i % 26) + (i / 26) + "\":" + number)
                            .collect(Collectors.joining(","));
                    String json = "{\"stream\":\"a\"" + time + ",\"values\":{" + values + "}}";
                    Event event = accepted(json);
                    int grown = PulseJson.toBytes(event).length - json.getBytes(StandardCharsets.UTF_8).length;
                    assertThat(grown).as(json).isLessThanOrEqualTo(EventValidator.maxGrowth(n));
                }
            }
        }
    }

    @Test
    void violationToString() {
        assertThat(new Violation("stream", "is required")).hasToString("stream: is required");
        assertThat(new Violation("", "no input")).hasToString("no input");
    }

    @Test
    void parsedEventIsEitherValidOrNot() {
        Event event = new Event("a", NOW, null, null, null, null, null, null);

        assertThat(ParsedEvent.accepted(event).valid()).isTrue();
        assertThat(ParsedEvent.rejected("", "x").valid()).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> new ParsedEvent(event, List.of(new Violation("", "x"))));
        assertThatIllegalArgumentException().isThrownBy(() -> new ParsedEvent(null, List.of()));
    }
}
