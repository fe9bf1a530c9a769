package io.pulseboard.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulseboard.model.Event;
import io.pulseboard.model.Status;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EventWriterTest {

    private static final double[] ODD_NUMBERS = {
        0.0, -0.0, 1e-7, 81.5, 1e21, -3.25, Double.MAX_VALUE, Double.MIN_VALUE, 123456789.123, 1.0 / 3
    };
    private static final String[] ODD_TEXT = {
        "", "eu-west", "naïve", "emoji 😀", "quote \" and \\", "tab\tnl\n", "\u0001"
    };

    @Test
    void writesEveryEventByteForByteAsTheSharedMapperDoes() {
        Random random = new Random(42);
        EventWriter writer = new EventWriter();
        for (int i = 0; i < 20_000; i++) {
            Event event = randomEvent(random);
            assertThat(new String(writer.write(event), StandardCharsets.UTF_8))
                    .as("event %d", i)
                    .isEqualTo(PulseJson.toJson(event));
        }
    }

    @Test
    void eventsInTheSameMillisecondAndAcrossMillisecondsGetTheirOwnTime() {
        EventWriter writer = new EventWriter();
        Instant t = Instant.parse("2026-11-22T10:15:30.123Z");
        for (Instant time : new Instant[] {t, t, t.plusNanos(1000), t.plusMillis(1), t.minusMillis(123)}) {
            Event event = new Event("a.b", time, Status.OK, null, Map.of(), Map.of(), null, null);
            assertThat(writer.write(event)).isEqualTo(PulseJson.toBytes(event));
        }
    }

    private static Event randomEvent(Random random) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (int n = random.nextInt(5); n > 0; n--) {
            double v = random.nextBoolean()
                    ? ODD_NUMBERS[random.nextInt(ODD_NUMBERS.length)]
                    : random.nextGaussian() * 1e3;
            values.put("v" + random.nextInt(100), v);
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (int n = random.nextInt(4); n > 0; n--) {
            tags.put("k" + random.nextInt(50), ODD_TEXT[random.nextInt(ODD_TEXT.length)]);
        }
        Instant time = random.nextInt(10) == 0
                ? null
                : Instant.ofEpochMilli(1_700_000_000_000L + random.nextInt(1_000_000_000))
                        .plusNanos(random.nextInt(3) * 1000);
        return new Event(
                "s" + random.nextInt(10) + ".api",
                time,
                random.nextBoolean() ? Status.OK : Status.ERROR,
                random.nextBoolean() ? null : "timeout",
                values,
                tags,
                random.nextBoolean() ? null : ODD_TEXT[random.nextInt(ODD_TEXT.length)],
                random.nextBoolean() ? null : ODD_TEXT[random.nextInt(ODD_TEXT.length)],
                random.nextBoolean() ? null : "id-" + random.nextLong());
    }
}
