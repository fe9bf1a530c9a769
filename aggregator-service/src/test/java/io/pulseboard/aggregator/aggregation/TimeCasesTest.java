package io.pulseboard.aggregator.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulseboard.model.validation.TimeWindow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The aggregator dead-letters exactly the event times the producers reject: the table of cases the
 * event model's and the ingest's tests read too.
 */
class TimeCasesTest {

    /** The shared table, in the event model's test resources (tests run in their module's folder). */
    static final Path CASES =
            Path.of("../event-model/src/test/resources/io/pulseboard/model/validation/time-cases.tsv");

    @Test
    void countsExactlyTheTimesOfTheSharedTable() throws IOException {
        assertThat(AggregationSettings.DEFAULTS.maxLateness()).isEqualTo(TimeWindow.DEFAULTS.maxLateness());
        assertThat(AggregationSettings.DEFAULTS.maxFutureSkew()).isEqualTo(TimeWindow.DEFAULTS.maxFutureSkew());
        Map<Duration, Boolean> cases = new LinkedHashMap<>();
        Files.readAllLines(CASES).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("\t"))
                .forEach(c -> cases.put(Duration.parse(c[0]), Boolean.parseBoolean(c[1])));
        assertThat(cases).hasSizeGreaterThan(10);

        Instant now = Instant.parse("2026-12-02T10:15:30Z");
        cases.forEach((offset, counted) -> {
            PartitionState state = new PartitionState();
            Outcome o = state.apply(Gen.ok("a.b", now.plus(offset), 1), now);
            if (o.kind() == Outcome.Kind.NEEDS_CLOSED_HOUR) {
                o = state.applyLate(Gen.ok("a.b", now.plus(offset), 1), null, now);
            }
            assertThat(o.isRejected())
                    .as("an event at now %s: %s", offset, o.reason())
                    .isEqualTo(!counted);
        });
    }
}
