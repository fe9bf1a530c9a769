package io.pulseboard.model.validation;

import static io.pulseboard.model.validation.BatchReaderTest.input;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulseboard.model.Event;
import io.pulseboard.model.Status;
import io.pulseboard.model.json.PulseJson;
import io.pulseboard.model.validation.BatchReader.BatchItem;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DeadLetterLinesTest {

    static final Instant NOW = Instant.parse("2026-11-22T10:20:00Z");
    static final EventParser PARSER = new EventParser(Clock.fixed(NOW, ZoneOffset.UTC));
    static final Instant DEAD = Instant.parse("2026-11-22T10:19:58.250Z");

    static String line(String value) {
        return line(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    static String line(byte[] value) {
        return new String(
                DeadLetterLines.write("time: too old", "pulse.events-2@120457", DEAD, value), StandardCharsets.UTF_8);
    }

    static JsonNode tree(String line) throws Exception {
        return PulseJson.mapper().readTree(line);
    }

    static List<BatchItem> replay(String text) {
        return replay(PARSER, text);
    }

    static List<BatchItem> replay(EventParser parser, String text) {
        List<BatchItem> items = new ArrayList<>();
        BatchReader.readNdjsonWithDeadLetters(input(text), parser, items::add);
        return items;
    }

    static List<String> problems(BatchItem item) {
        assertThat(item.result().valid()).as("item %s", item).isFalse();
        return item.result().violations().stream().map(Violation::toString).toList();
    }

    @Nested
    class Written {

        @Test
        void aJsonValueIsKeptAsItWasOnOneLine() throws Exception {
            String value = "{\n  \"stream\": \"checkout.api\",\n  \"values\": {\"x\": 1e-7, \"y\": 1.50},\n"
                    + "  \"message\": \"two  spaces,\\nan escaped line end and \\\" a quote\",\n"
                    + "  \"stream\": \"twice\"\n}\n";

            String line = line(value);

            assertThat(line)
                    .doesNotContain("\n")
                    .isEqualTo(
                            "{\"dead_letter\":{\"reason\":\"time: too old\","
                                    + "\"source\":\"pulse.events-2@120457\",\"time\":\"2026-11-22T10:19:58.250Z\"},"
                                    + "\"event\":{\"stream\":\"checkout.api\",\"values\":{\"x\":1e-7,\"y\":1.50},"
                                    + "\"message\":\"two  spaces,\\nan escaped line end and \\\" a quote\",\"stream\":\"twice\"}}");
        }

        @Test
        void anyJsonValueIsJson() throws Exception {
            assertThat(tree(line("[1, 2]")).get("event").isArray()).isTrue();
            assertThat(tree(line(" 42 ")).get("event").asInt()).isEqualTo(42);
            assertThat(tree(line("\uFEFF{\"stream\":\"a\"}"))
                            .get("event")
                            .get("stream")
                            .asText())
                    .isEqualTo("a");
        }

        @Test
        void aValueThatHoldsNoJsonIsAString() throws Exception {
            for (String notJson : new String[] {
                "not json",
                "{\"stream\": \"a\"",
                "{\"stream\": \"a\"} {}",
                "{\"values\": {\"x\": NaN}}",
                "{'stream': 'a'}",
                "{\"tags\": {\"k\": \"raw\ttab\"}}",
                ""
            }) {
                JsonNode event = tree(line(notJson)).get("event");
                assertThat(event.isTextual()).as(notJson).isTrue();
                assertThat(event.asText()).isEqualTo(notJson);
            }
            byte[] latin1 = "{\"stream\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
            assertThat(tree(line(latin1)).get("event").asText()).isEqualTo("{\"stream\": \"caf\uFFFD\"}");
        }

        @Test
        void noValueAndNoHeadersAreNull() throws Exception {
            JsonNode line = tree(new String(DeadLetterLines.write(null, null, null, null), StandardCharsets.UTF_8));

            assertThat(line.get("event").isNull()).isTrue();
            assertThat(line.get("dead_letter").get("reason").isNull()).isTrue();
            assertThat(line.get("dead_letter").get("source").isNull()).isTrue();
            assertThat(line.get("dead_letter").get("time").isNull()).isTrue();
        }

        @Test
        void unicodeSurvives() {
            String value = "{\"stream\":\"a\",\"message\":\"naïve 😀 \\u00e9\"}";

            assertThat(line(value)).endsWith(",\"event\":" + value + "}");
            assertThat(replay(line(value)).get(0).result().event().message()).isEqualTo("naïve 😀 é");
        }
    }

    @Nested
    class Read {

        @Test
        void aDeadLetterLineIsTheEventItCarriesAmongPlainLines() {
            String event = "{\"stream\":\"checkout.api\",\"time\":\"2026-11-22T10:15:30Z\",\"status\":\"error\","
                    + "\"error_type\":\"timeout\",\"values\":{\"latency_ms\":812.5},\"tags\":{\"region\":\"eu\"},"
                    + "\"message\":\"upstream timed out\",\"id\":\"e1\"}";

            List<BatchItem> items = replay(String.join(
                    "\n",
                    "{\"stream\": \"plain.api\"}",
                    line(event),
                    "",
                    "{\"event\": {\"stream\": \"edited.api\"}, \"dead_letter\": {\"reason\": \"edited\"}}",
                    "{\"stream\": \"plain.api\", \"tags\": {\"note\": \"dead_letter\"}}"));

            assertThat(items).extracting(BatchItem::line).containsExactly(1L, 2L, 4L, 5L);
            assertThat(items)
                    .allSatisfy(i -> assertThat(i.result().valid()).as("%s", i).isTrue());
            assertThat(items.get(1).result().event())
                    .isEqualTo(new Event(
                            "checkout.api",
                            Instant.parse("2026-11-22T10:15:30Z"),
                            Status.ERROR,
                            "timeout",
                            Map.of("latency_ms", 812.5),
                            Map.of("region", "eu"),
                            "upstream timed out",
                            null,
                            "e1"));
            assertThat(items.get(2).result().event().stream()).isEqualTo("edited.api");
            assertThat(items.get(3).result().event().tags()).containsEntry("note", "dead_letter");
        }

        @Test
        void whatIsWrittenIsReadBack() {
            String value = "{\"stream\":\"a.b\",\"status\":\"error\",\"message\":\"it broke\",\"values\":{\"n\":3}}";

            assertThat(replay(line(value)))
                    .singleElement()
                    .satisfies(i -> assertThat(i.result().event())
                            .isEqualTo(PARSER.parse(value).event()));
        }

        @Test
        void theEventsProblemsAreUnderEvent() {
            EventParser windowed = new EventParser(
                    Clock.fixed(NOW, ZoneOffset.UTC), new TimeWindow(Duration.ofMinutes(5), Duration.ofDays(7)));
            String old = "{\"stream\":\"a\",\"time\":\"" + NOW.minus(Duration.ofDays(9)) + "\"}";

            List<BatchItem> items = replay(
                    windowed,
                    String.join(
                            "\n",
                            "{\"stream\": \"fine\"}",
                            line("{\"stream\": \"Bad Name\", \"values\": {\"x\": \"1\"}}"),
                            line(old),
                            line("{\"stream\": \"a\", \"stream\": \"b\"}")));

            assertThat(items.get(0).result().valid()).isTrue();
            assertThat(problems(items.get(1)))
                    .containsExactly(
                            "event.stream: \"Bad Name\" is not a valid stream name: " + StreamNames.RULE,
                            "event.values.x: must be a number, found a string");
            assertThat(problems(items.get(2)))
                    .singleElement()
                    .asString()
                    .startsWith("event.time: event time ")
                    .contains("the maximum lateness of 7d");
            assertThat(problems(items.get(3)))
                    .containsExactly("event.stream: appears more than once; give each field once");
        }

        @Test
        void anEventThatIsNoEventIsAClearProblem() {
            List<BatchItem> items = replay(String.join(
                    "\n",
                    line("not json"),
                    line((String) null),
                    line("[{\"stream\": \"a\"}]"),
                    "{\"dead_letter\": {}}",
                    "{\"dead_letter\": {}, \"event\": {\"stream\": \"a\"}, \"note\": \"fixed\"}"));

            assertThat(problems(items.get(0)))
                    .containsExactly("event: is the record's value as text, not an event: the "
                            + "dead letter held no JSON; replace it with the event as a JSON object to send it");
            assertThat(problems(items.get(1))).singleElement().asString().startsWith("event: is null");
            assertThat(problems(items.get(2)))
                    .containsExactly("event: must be the event, a JSON object, found an array");
            assertThat(problems(items.get(3))).singleElement().asString().startsWith("event: is missing");
            assertThat(problems(items.get(4)))
                    .containsExactly("note: unknown field; a dead-letter line has dead_letter and event");
        }

        @Test
        void brokenLinesSayWhere() {
            List<BatchItem> items =
                    replay("{\"stream\": \"a\"}\n{\"dead_letter\": {}, \"event\": {\"stream\": \"a\"}\n");

            assertThat(problems(items.get(1)))
                    .singleElement()
                    .asString()
                    .contains("the JSON ends too early")
                    .contains("at line 2");
        }

        @Test
        void sizes() {
            // A reason may be long: the line may pass the event limit, its event may not.
            String reason = "r".repeat(EventLimits.MAX_EVENT_BYTES);
            String event = "{\"stream\":\"a\",\"id\":\"%s\"}";
            String small = new String(
                    DeadLetterLines.write(
                            reason, null, null, String.format(event, "x").getBytes(StandardCharsets.UTF_8)),
                    StandardCharsets.UTF_8);
            String tooLarge = new String(
                    DeadLetterLines.write(
                            null,
                            null,
                            null,
                            ("{\"stream\":\"a\",\"tags\":{" + tags(15, 256) + "},\"message\":\"" + "😀".repeat(1024)
                                            + "\"}")
                                    .getBytes(StandardCharsets.UTF_8)),
                    StandardCharsets.UTF_8);
            String huge = "{\"dead_letter\": {}, \"event\": {\"stream\": \"a\", \"id\": \""
                    + "x".repeat(DeadLetterLines.MAX_LINE_BYTES) + "\"}}";
            String plainTooLong = "{\"stream\": \"a\", \"tags\": {\"n\": \"dead_letter\", \"pad\": \""
                    + " ".repeat(EventLimits.MAX_EVENT_BYTES) + "\"}}";
            String plainWithoutKey = "{\"stream\": \"a\", \"id\": \"" + "x".repeat(EventLimits.MAX_EVENT_BYTES) + "\"}";

            List<BatchItem> items = replay(String.join("\n", small, tooLarge, huge, plainTooLong, plainWithoutKey));

            assertThat(small.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(EventLimits.MAX_EVENT_BYTES);
            assertThat(items.get(0).result().event().id()).isEqualTo("x");
            assertThat(problems(items.get(1)))
                    .singleElement()
                    .asString()
                    .matches("event: event is [0-9]+ bytes once serialized, longer than the 16384-byte limit");
            assertThat(problems(items.get(2)))
                    .containsExactly("line is " + huge.length()
                            + " bytes, longer than the 65536-byte limit of a dead-letter line");
            assertThat(problems(items.get(3)))
                    .singleElement()
                    .asString()
                    .endsWith("bytes, longer than the 16384-byte limit");
            assertThat(problems(items.get(4)))
                    .containsExactly(
                            "line is " + plainWithoutKey.length() + " bytes, longer than the 16384-byte limit");
        }

        @Test
        void eventReadersThatTakeNoDeadLettersSeeUnknownFields() {
            List<BatchItem> items = new ArrayList<>();
            BatchReader.readNdjson(input(line("{\"stream\": \"a\"}")), PARSER, items::add);

            assertThat(items)
                    .singleElement()
                    .satisfies(i -> assertThat(problems(i))
                            .anyMatch(p -> p.startsWith("dead_letter: unknown field"))
                            .anyMatch(p -> p.startsWith("event: unknown field")));
            assertThat(PARSER.parse(line("{\"stream\": \"a\"}")).valid()).isFalse();
        }
    }

    private static String tags(int count, int emoji) {
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tags.add("\"t" + i + "\":\"" + "😀".repeat(emoji) + "\"");
        }
        return String.join(",", tags);
    }
}
