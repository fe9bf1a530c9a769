package io.pulseboard.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulseboard.model.Event;
import io.pulseboard.model.Status;
import io.pulseboard.model.json.PulseJson;
import io.pulseboard.model.validation.BatchReader.BatchItem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Seeded random inputs: generated valid events must all be accepted as generated, and nothing,
 * however broken, may make the parser or the batch readers throw.
 */
class FuzzTest {

    static final Instant NOW = Instant.parse("2026-11-22T10:20:00Z");
    static final EventParser PARSER = new EventParser(Clock.fixed(NOW, ZoneOffset.UTC));
    static final ObjectMapper MAPPER = PulseJson.mapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static final List<String> FIELDS =
            List.of("stream", "time", "status", "error_type", "values", "tags", "message", "source", "id");

    /** Stands for deeply nested arrays in a generated tree. */
    static final String DEEP = "@deep@";

    static final String[] TOKENS = {
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "\\",
        "\\u",
        "\\ud800",
        "NaN",
        "-Infinity",
        "1e999",
        "-0",
        "01",
        "null",
        "true",
        "\u0000",
        "\uFEFF",
        "/*",
        "\r\n",
        "\"stream\":"
    };

    /** A valid event as sent, and the event it must be parsed into. */
    record Generated(String json, Event expected) {}

    // ---- valid events ----

    static Generated validEvent(Random random) {
        while (true) {
            Generated generated = tryValidEvent(random);
            if (generated.json().getBytes(StandardCharsets.UTF_8).length <= EventLimits.MAX_EVENT_BYTES
                    && PulseJson.toBytes(generated.expected()).length <= EventLimits.MAX_EVENT_BYTES) {
                return generated;
            }
        }
    }

    static Generated tryValidEvent(Random random) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        String stream = streamName(random);
        fields.put("stream", NODES.textNode(stream));

        Instant time = NOW;
        if (random.nextInt(4) > 0) {
            time = Instant.ofEpochSecond(
                    random.nextLong(-2_000_000_000L, 4_000_000_000L), random.nextInt(1_000_000_000));
            switch (random.nextInt(3)) {
                case 0 -> fields.put("time", NODES.textNode(DateTimeFormatter.ISO_INSTANT.format(time)));
                case 1 ->
                    fields.put(
                            "time",
                            NODES.textNode(OffsetDateTime.ofInstant(
                                            time, ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 60, 18 * 60 + 1) * 60))
                                    .toString()));
                default -> {
                    time = Instant.ofEpochMilli(time.toEpochMilli());
                    fields.put("time", NODES.numberNode(time.toEpochMilli()));
                }
            }
        }

        Status status = random.nextBoolean() ? Status.OK : Status.ERROR;
        if (random.nextInt(3) > 0 || status == Status.ERROR) {
            fields.put("status", NODES.textNode(status.jsonName()));
        }

        String errorType = null;
        if (random.nextInt(3) == 0) {
            errorType = text(random, "ABCXYZabcxyz0189._-", 1, 64);
            fields.put("error_type", NODES.textNode(errorType));
        }

        Map<String, Double> values = new LinkedHashMap<>();
        if (random.nextInt(4) > 0) {
            ObjectNode node = NODES.objectNode();
            int count = random.nextInt(EventLimits.MAX_VALUES + 1);
            for (int i = 0; i < count; i++) {
                String name = text(random, "abcxyz", 1, 1) + text(random, "abcz019_", 0, 63);
                double value = number(random);
                if (!values.containsKey(name)) {
                    values.put(name, value);
                    node.put(name, value);
                }
            }
            fields.put("values", node);
        }

        Map<String, String> tags = new LinkedHashMap<>();
        if (random.nextInt(4) > 0) {
            ObjectNode node = NODES.objectNode();
            int count = random.nextInt(EventLimits.MAX_TAGS + 1);
            for (int i = 0; i < count; i++) {
                String key = text(random, "ABZabz019_.-", 1, 64);
                String value = unicode(random, random.nextInt(10) == 0 ? 256 : 24);
                if (!tags.containsKey(key)) {
                    tags.put(key, value);
                    node.put(key, value);
                }
            }
            fields.put("tags", node);
        }

        String message = random.nextBoolean()
                ? unicode(random, random.nextInt(10) == 0 ? EventLimits.MAX_MESSAGE_LENGTH : 80)
                : null;
        String source = random.nextBoolean() ? unicode(random, EventLimits.MAX_STRING) : null;
        String id = random.nextBoolean() ? unicode(random, EventLimits.MAX_STRING) : null;
        if (message != null) {
            fields.put("message", NODES.textNode(message));
        }
        if (source != null) {
            fields.put("source", NODES.textNode(source));
        }
        if (id != null) {
            fields.put("id", NODES.textNode(id));
        }

        List<String> order = new ArrayList<>(fields.keySet());
        java.util.Collections.shuffle(order, random);
        ObjectNode event = NODES.objectNode();
        order.forEach(name -> event.set(name, fields.get(name)));
        return new Generated(
                write(random, event), new Event(stream, time, status, errorType, values, tags, message, source, id));
    }

    /** JSON in one of several spellings: compact, pretty, or with non-ASCII escaped. */
    static String write(Random random, JsonNode node) {
        ObjectWriter writer = switch (random.nextInt(3)) {
            case 0 -> MAPPER.writer();
            case 1 -> MAPPER.writerWithDefaultPrettyPrinter();
            default -> MAPPER.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);
        };
        try {
            return writer.writeValueAsString(node);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String streamName(Random random) {
        return text(random, "abcxyz0189", 1, 1) + text(random, "abcxyz0189._-", 0, random.nextInt(4) == 0 ? 127 : 20);
    }

    static String text(Random random, String alphabet, int min, int max) {
        int length = random.nextInt(min, max + 1);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    /** Up to {@code max} code points from all over Unicode, controls included, no lone surrogates. */
    static String unicode(Random random, int max) {
        int length = random.nextInt(max + 1);
        StringBuilder text = new StringBuilder();
        while (length > 0) {
            int c = switch (random.nextInt(5)) {
                case 0 -> random.nextInt(0x20, 0x7f);
                case 1 -> random.nextInt(0, 0x20);
                case 2 -> random.nextInt(0x80, 0x800);
                case 3 -> random.nextInt(0x800, 0x10000);
                default -> random.nextInt(0x10000, 0x110000);
            };
            if (c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE) {
                text.appendCodePoint(c);
                length--;
            }
        }
        return text.toString();
    }

    static double number(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> random.nextInt(-1000, 1000);
            case 1 -> random.nextDouble() * 1000;
            case 2 -> random.nextGaussian() * Math.pow(10, random.nextInt(-300, 300));
            case 3 -> random.nextLong();
            case 4 ->
                new double[] {Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -0.0, 0.0}[random.nextInt(5)];
            default -> Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL);
        };
    }

    // ---- broken events ----

    /** A random JSON value, possibly deeply nested. */
    static JsonNode randomValue(Random random, int depth) {
        return switch (random.nextInt(depth > 3 ? 6 : 9)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(number(random));
            case 3 -> NODES.numberNode(new BigInteger(200, random));
            case 4 -> NODES.textNode(unicode(random, 40));
            case 5 -> NODES.textNode(streamName(random));
            case 6 -> {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(5); i > 0; i--) {
                    String name = random.nextBoolean() ? unicode(random, 8) : FIELDS.get(random.nextInt(FIELDS.size()));
                    object.set(name, randomValue(random, depth + 1));
                }
                yield object;
            }
            case 7 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(5); i > 0; i--) {
                    array.add(randomValue(random, depth + 1));
                }
                yield array;
            }
            default -> NODES.textNode(DEEP); // replaced once written: Jackson will not write it that deep
        };
    }

    /** A valid event with fields swapped for random values, then with its bytes damaged. */
    static byte[] brokenEvent(Random random) {
        ObjectNode event;
        try {
            event = (ObjectNode) MAPPER.readTree(validEvent(random).json());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        for (int i = random.nextInt(3); i > 0; i--) {
            String field = random.nextInt(4) == 0 ? unicode(random, 6) : FIELDS.get(random.nextInt(FIELDS.size()));
            event.set(field, randomValue(random, 0));
        }
        if (random.nextInt(4) == 0 && event.get("values") instanceof ObjectNode values) {
            values.set(unicode(random, 5), randomValue(random, 2));
        }
        byte[] bytes = writeBytes(random, event);
        for (int i = random.nextInt(4); i > 0; i--) {
            bytes = mutate(random, bytes);
        }
        return bytes;
    }

    static byte[] writeBytes(Random random, JsonNode node) {
        String json = write(random, node);
        while (json.contains("\"" + DEEP + "\"")) {
            int depth = random.nextInt(2000);
            json = json.replaceFirst("\"" + DEEP + "\"", "[".repeat(depth) + "1" + "]".repeat(depth));
        }
        return json.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] mutate(Random random, byte[] bytes) {
        int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
        int span = Math.min(bytes.length - at, random.nextInt(1, 8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, at);
        switch (random.nextInt(8)) {
            case 0 -> out.write(bytes, at + span, bytes.length - at - span); // delete
            case 1 -> { // duplicate
                out.write(bytes, at, span);
                out.write(bytes, at, bytes.length - at);
            }
            case 2 -> { // flip a bit
                byte[] rest = Arrays.copyOfRange(bytes, at, bytes.length);
                if (rest.length > 0) {
                    rest[0] ^= (byte) (1 << random.nextInt(8));
                }
                out.writeBytes(rest);
            }
            case 3 -> { // a random byte
                out.write(random.nextInt(256));
                out.write(bytes, at, bytes.length - at);
            }
            case 4 -> { // random text
                out.writeBytes(unicode(random, 4).getBytes(StandardCharsets.UTF_8));
                out.write(bytes, at, bytes.length - at);
            }
            case 5 -> { // a JSON token where it does not belong
                out.writeBytes(TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
                out.write(bytes, at, bytes.length - at);
            }
            case 6 -> { // deep nesting
                out.writeBytes("[".repeat(random.nextInt(1, 1500)).getBytes(StandardCharsets.UTF_8));
                out.write(bytes, at, bytes.length - at);
            }
            default -> {} // truncate
        }
        return out.toByteArray();
    }

    static byte[] randomBytes(Random random) {
        byte[] alphabet = "{}[]\":,.-+eE0123456789 \n\tabcdefnrstu\\".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[random.nextInt(300)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = random.nextBoolean() ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt(256);
        }
        return bytes;
    }

    // ---- checks ----

    /** Whatever the input, a coherent answer that can itself be written as JSON. */
    static void checkAnswer(ParsedEvent result) {
        assertThat(result).isNotNull();
        assertThat(result.valid()).isEqualTo(result.event() != null);
        for (Violation violation : result.violations()) {
            assertThat(violation.field()).isNotNull();
            assertThat(violation.message()).isNotBlank();
        }
        PulseJson.toBytes(result.violations());
        if (result.valid()) {
            // What is accepted can be published and is accepted again, unchanged.
            byte[] published = PulseJson.toBytes(result.event());
            assertThat(published.length).isLessThanOrEqualTo(EventLimits.MAX_EVENT_BYTES);
            assertThat(PARSER.parse(published)).isEqualTo(result);
        }
    }

    static void checkAll(byte[] bytes) {
        ParsedEvent fromBytes = PARSER.parse(bytes);
        checkAnswer(fromBytes);
        String text = new String(bytes, StandardCharsets.UTF_8);
        ParsedEvent fromText = PARSER.parse(text);
        checkAnswer(fromText);
        boolean sameText = Arrays.equals(text.getBytes(StandardCharsets.UTF_8), bytes)
                && JsonInput.encodingProblem(bytes, 0, bytes.length) == null
                && !text.startsWith("\uFEFF");
        if (sameText) {
            assertThat(fromText.event()).as(text).isEqualTo(fromBytes.event());
        }
    }

    // ---- tests ----

    @Test
    void acceptsEveryGeneratedEventAsGenerated() throws Exception {
        Random random = new Random(20261122);
        for (int i = 0; i < 3000; i++) {
            Generated generated = validEvent(random);

            ParsedEvent result = PARSER.parse(generated.json().getBytes(StandardCharsets.UTF_8));

            assertThat(result.violations()).as(generated.json()).isEmpty();
            assertThat(result.event()).as(generated.json()).isEqualTo(generated.expected());
            assertThat(PARSER.parse(generated.json())).isEqualTo(result);
            assertThat(PARSER.parse(MAPPER.readTree(generated.json()))).isEqualTo(result);
            checkAnswer(result);
        }
    }

    @Test
    void batchesOfGeneratedEventsAreAllAccepted() throws Exception {
        Random random = new Random(7);
        List<Event> expected = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Generated generated = validEvent(random);
            expected.add(generated.expected());
            lines.add(MAPPER.writeValueAsString(MAPPER.readTree(generated.json())));
        }

        List<BatchItem> ndjson = new ArrayList<>();
        BatchReader.readNdjson(input(String.join(random.nextBoolean() ? "\n" : "\r\n", lines)), PARSER, ndjson::add);
        List<BatchItem> array = new ArrayList<>();
        BatchReader.readJsonArray(input("[" + String.join(",\n", lines) + "]"), PARSER, array::add);

        assertThat(ndjson).extracting(item -> item.result().event()).containsExactlyElementsOf(expected);
        assertThat(array).extracting(item -> item.result().event()).containsExactlyElementsOf(expected);
    }

    @Test
    void brokenEventsNeverThrow() {
        Random random = new Random(42);
        int valid = 0;
        for (int i = 0; i < 4000; i++) {
            byte[] bytes = brokenEvent(random);
            checkAll(bytes);
            valid += PARSER.parse(bytes).valid() ? 1 : 0;
        }
        // Mutations sometimes leave a valid event: those were checked to round-trip.
        assertThat(valid).isBetween(1, 3999);
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(1234);
        for (int i = 0; i < 6000; i++) {
            checkAll(randomBytes(random));
        }
    }

    @Test
    void batchReadersNeverThrow() {
        Random random = new Random(99);
        for (int batch = 0; batch < 200; batch++) {
            List<byte[]> events = new ArrayList<>();
            for (int i = random.nextInt(20); i > 0; i--) {
                events.add(random.nextInt(5) == 0 ? randomBytes(random) : brokenEvent(random));
            }
            checkNdjson(join(events, random, "\n", "\r\n", "\n\n", " \n", "\n\t\n"));
            byte[] array = join(events, random, ",", ",\n", ", ");
            checkArray(concat("[".getBytes(StandardCharsets.UTF_8), array, "]".getBytes(StandardCharsets.UTF_8)));
            checkArray(mutate(random, concat("[".getBytes(StandardCharsets.UTF_8), array)));
            checkArray(randomBytes(random));
        }
    }

    static void checkNdjson(byte[] input) {
        List<BatchItem> items = new ArrayList<>();
        BatchReader.readNdjson(new ByteArrayInputStream(input), PARSER, items::add);
        checkItems(items, true);
    }

    static void checkArray(byte[] input) {
        List<BatchItem> items = new ArrayList<>();
        try {
            BatchReader.readJsonArray(new ByteArrayInputStream(input), PARSER, items::add);
        } catch (UnreadableInputException e) {
            assertThat(e.getMessage()).isNotBlank();
            assertThat(e.line()).isPositive();
        }
        checkItems(items, false);
    }

    static void checkItems(List<BatchItem> items, boolean oneLineEach) {
        for (int i = 0; i < items.size(); i++) {
            BatchItem item = items.get(i);
            assertThat(item.index()).isEqualTo(i);
            assertThat(item.line()).isPositive();
            if (i > 0) {
                long previous = items.get(i - 1).line();
                assertThat(item.line()).isGreaterThanOrEqualTo(oneLineEach ? previous + 1 : previous);
            }
            checkAnswer(item.result());
        }
    }

    @Test
    void globsMatchLikeTheirRegex() {
        Random random = new Random(5);
        int compiled = 0;
        for (int i = 0; i < 5000; i++) {
            String glob = text(random, "ab.*-A", 0, 10);
            StreamGlob streamGlob;
            try {
                streamGlob = StreamGlob.compile(glob);
                compiled++;
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).contains("stream glob");
                continue;
            }
            Pattern regex = Pattern.compile(regexOf(glob));
            for (int j = 0; j < 20; j++) {
                String name = text(random, "ab.-", 1, 12);
                assertThat(streamGlob.matches(name))
                        .as("%s ~ %s", glob, name)
                        .isEqualTo(regex.matcher(name).matches());
            }
        }
        assertThat(compiled).isGreaterThan(500);
    }

    /** The glob as a regular expression: a reference for short inputs, where backtracking is cheap. */
    static String regexOf(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            if (glob.startsWith("**", i)) {
                regex.append(".*");
                i++;
            } else if (glob.charAt(i) == '*') {
                regex.append("[^.]*");
            } else {
                regex.append(Pattern.quote(glob.substring(i, i + 1)));
            }
        }
        return regex.toString();
    }

    static ByteArrayInputStream input(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] join(List<byte[]> parts, Random random, String... separators) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                out.writeBytes(separators[random.nextInt(separators.length)].getBytes(StandardCharsets.UTF_8));
            }
            out.writeBytes(parts.get(i));
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
