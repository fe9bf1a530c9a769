package io.pulseboard.model.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimeWindowTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:15:30Z");
    private static final EventParser PARSER = new EventParser(Clock.fixed(NOW, ZoneOffset.UTC), TimeWindow.DEFAULTS);

    /** The shared table of time cases: offset from now, and whether the aggregator counts it. */
    static Map<Duration, Boolean> cases() throws IOException {
        try (InputStream in = TimeWindowTest.class.getResourceAsStream("time-cases.tsv")) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList());
        }
    }

    static Map<Duration, Boolean> parse(List<String> lines) {
        Map<Duration, Boolean> out = new java.util.LinkedHashMap<>();
        lines.stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("\t"))
                .forEach(c -> out.put(Duration.parse(c[0]), Boolean.parseBoolean(c[1])));
        return out;
    }

    @Test
    void producersAcceptExactlyTheTimesTheAggregatorCounts() throws IOException {
        Map<Duration, Boolean> cases = cases();
        assertThat(cases).hasSizeGreaterThan(10).containsValue(true).containsValue(false);
        cases.forEach((offset, counted) -> {
            ParsedEvent parsed = PARSER.parse("{\"stream\":\"a.b\",\"time\":\"" + NOW.plus(offset) + "\"}");
            assertThat(parsed.valid())
                    .as("an event at now %s: %s", offset, parsed.violations())
                    .isEqualTo(counted);
            if (!counted) {
                assertThat(parsed.violations())
                        .singleElement()
                        .extracting(Violation::field)
                        .isEqualTo("time");
            }
        });
    }

    @Test
    void saysWhichLimitAnEventTimeIsBeyond() {
        assertThat(PARSER.parse("{\"stream\":\"a.b\",\"time\":\"2026-11-22T10:00:00Z\"}")
                        .violations())
                .containsExactly(new Violation(
                        "time",
                        "event time 2026-11-22T10:00:00Z is older than the maximum lateness"
                                + " of 7d: only events from 2026-11-25T10:20:30Z on are counted (7d before the clock, less the 5m the"
                                + " aggregator's clock may run ahead)"));
        assertThat(PARSER.parse("{\"stream\":\"a.b\",\"time\":"
                                + NOW.plusSeconds(3600).toEpochMilli() + "}")
                        .violations())
                .containsExactly(new Violation(
                        "time",
                        "event time 2026-12-02T11:15:30Z is more than 5m ahead of the clock"
                                + " (2026-12-02T10:15:30Z): the maximum future skew is 5m"));
        assertThat(PARSER.parse("{\"stream\":\"a.b\"}").valid())
                .as("no time: now")
                .isTrue();
        assertThat(new EventParser(Clock.fixed(NOW, ZoneOffset.UTC))
                        .parse("{\"stream\":\"a.b\",\"time\":\"2000-01-01T00:00:00Z\"}")
                        .valid())
                .as("without a window, any time")
                .isTrue();
    }

    @Test
    void refusesAWindowThatCannotBe() {
        assertThatThrownBy(() -> new TimeWindow(Duration.ofDays(1), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be longer than the maximum future skew");
    }
}
