package io.pulseboard.aggregator.aggregation;

import static io.pulseboard.aggregator.aggregation.Outcome.Kind.COUNTED;
import static io.pulseboard.aggregator.aggregation.Outcome.Kind.COUNTED_LATE;
import static io.pulseboard.aggregator.aggregation.Outcome.Kind.REJECTED_OVER_LIMIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.pulseboard.model.HourlyMetrics;
import io.pulseboard.model.Status;
import io.pulseboard.model.json.PulseJson;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What bounds one stream-hour whatever producers send: value names, sums, error types. */
class HourLimitsTest {

    private static final Instant T = Instant.parse("2026-11-22T10:10:00Z");
    private static final Instant NOW = Instant.parse("2026-11-22T10:20:00Z");

    private final PartitionState state = new PartitionState(AggregationSettings.DEFAULTS.withMaxValueNames(40));

    private static Map<String, Double> names(int from, int to) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (int i = from; i < to; i++) {
            values.put("v" + i, 1.0);
        }
        return values;
    }

    @Test
    void anEventThatWouldAddAValueNameBeyondTheLimitIsRejectedWithTheReason() {
        assertThat(state.apply(Gen.event("s", T, Status.OK, null, names(0, 32)), NOW)
                        .kind())
                .isEqualTo(COUNTED);
        assertThat(state.apply(Gen.event("s", T, Status.OK, null, names(30, 38)), NOW)
                        .kind())
                .isEqualTo(COUNTED);

        Outcome over = state.apply(Gen.event("s", T, Status.OK, null, names(36, 43)), NOW);
        assertThat(over.kind()).isEqualTo(REJECTED_OVER_LIMIT);
        assertThat(over.key()).isEqualTo(HourKey.of("s", T));
        assertThat(over.reason()).contains("holds 38 distinct value names", "adds 5 more", "'v38'", "at most 40");

        HourAggregate hour = state.find(HourKey.of("s", T));
        assertThat(hour.count()).as("nothing of the rejected event counted").isEqualTo(2);
        assertThat(hour.valueNames()).hasSize(38);
        // Known names still count, and so does another stream or hour.
        assertThat(state.apply(Gen.event("s", T, Status.OK, null, names(0, 38)), NOW)
                        .kind())
                .isEqualTo(COUNTED);
        assertThat(state.apply(Gen.event("t", T, Status.OK, null, names(100, 132)), NOW)
                        .kind())
                .isEqualTo(COUNTED);
    }

    @Test
    void theLimitHoldsForLateEventsIntoAClosedHourToo() {
        PartitionState late = new PartitionState(AggregationSettings.DEFAULTS.withMaxValueNames(32));
        HourAggregate stored = HourAggregate.emptyClosed(HourKey.of("s", T));
        stored.add(Gen.event("s", T, Status.OK, null, names(0, 32)), false);
        Instant later = T.plus(Duration.ofHours(3));
        late.closeHours(later);
        Outcome o = late.applyLate(Gen.event("s", T, Status.OK, null, names(31, 33)), stored, later);
        assertThat(o.kind()).isEqualTo(REJECTED_OVER_LIMIT);
        assertThat(late.find(HourKey.of("s", T)))
                .as("a refused closed hour is not kept")
                .isNull();
        assertThat(late.applyLate(Gen.event("s", T, Status.OK, null, names(0, 2)), stored, later)
                        .kind())
                .isEqualTo(COUNTED_LATE);
    }

    @Test
    void aSumThatWouldLeaveTheFiniteRangeIsRejectedAndSumsStayExact() {
        assertThat(state.apply(Gen.event("s", T, Status.OK, null, Map.of("x", 6e299)), NOW)
                        .kind())
                .isEqualTo(COUNTED);
        Outcome over = state.apply(Gen.event("s", T, Status.OK, null, Map.of("x", 5e299)), NOW);
        assertThat(over.kind()).isEqualTo(REJECTED_OVER_LIMIT);
        assertThat(over.reason()).contains("value 'x'", "1.1E300", "limit");
        assertThat(state.apply(Gen.event("s", T, Status.OK, null, Map.of("x", -5e299)), NOW)
                        .kind())
                .isEqualTo(COUNTED);
        assertThat(state.apply(Gen.event("s", T, Status.OK, null, Map.of("y", 1.5e300)), NOW)
                        .kind())
                .as("a single value beyond the limit")
                .isEqualTo(REJECTED_OVER_LIMIT);
        assertThat(state.apply(Gen.event("s", T, Status.OK, null, Map.of("y", -Double.MAX_VALUE)), NOW)
                        .kind())
                .isEqualTo(REJECTED_OVER_LIMIT);

        HourAggregate hour = state.find(HourKey.of("s", T));
        assertThat(hour.value("x").sum()).isEqualTo(1e299);
        assertThat(hour.value("y")).isNull();
    }

    @Test
    void mergedSumsOfManyFullHoursStayFiniteNumbersInJson() {
        HourAggregate day =
                HourAggregate.rollup(HourKey.of("s", Instant.parse("2026-11-22T00:00:00Z")), Duration.ofDays(400));
        HourAggregate full = new HourAggregate(HourKey.of("s", T));
        full.add(Gen.event("s", T, Status.OK, null, Map.of("x", HourAggregate.MAX_SUM)), false);
        for (int i = 0; i < 10_000; i++) {
            day.merge(full);
        }
        HourlyMetrics m = day.toMetrics(NOW);
        assertThat(m.values().get("x").sum()).isCloseTo(1e304, within(1e290));
        String json = PulseJson.toJson(m);
        assertThat(json).doesNotContain("Infinity", "NaN");
    }

    @Test
    void errorTypesBeyondTheLimitAreCountedAsOther() {
        for (int i = 0; i < HourAggregate.MAX_ERROR_TYPES + 50; i++) {
            assertThat(state.apply(Gen.event("s", T, Status.ERROR, "type-" + i, Map.of()), NOW)
                            .kind())
                    .isEqualTo(COUNTED);
        }
        state.apply(Gen.event("s", T, Status.ERROR, "type-0", Map.of()), NOW);
        HourAggregate hour = state.find(HourKey.of("s", T));
        Map<String, Long> byType = new HashMap<>(hour.errorsByType());
        assertThat(byType).hasSize(HourAggregate.MAX_ERROR_TYPES + 1);
        assertThat(byType.get("type-0")).isEqualTo(2);
        assertThat(byType.get(HourAggregate.OTHER_ERROR_TYPE)).isEqualTo(50);
        assertThat(byType.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(hour.errors());
    }

    @Test
    void holdsKnowsEveryStreamWithAnHourInMemoryAlsoAfterARestore() {
        assertThat(state.holds("s")).isFalse();
        state.apply(Gen.ok("s", T, 1), NOW);
        state.apply(Gen.ok("s", T.plus(Duration.ofHours(1)), 1), T.plus(Duration.ofHours(1)));
        assertThat(state.holds("s")).isTrue();
        assertThat(PartitionState.deserialize(state.serialize(), state.settings())
                        .holds("s"))
                .isTrue();

        // Both hours closed and out of reach of every window: evicted, and no longer held.
        state.closeHours(T.plus(Duration.ofHours(5)));
        state.closeHours(T.plus(Duration.ofHours(6)));
        assertThat(state.holds("s")).isFalse();
        assertThat(PartitionState.deserialize(state.serialize(), state.settings())
                        .holds("s"))
                .isFalse();
    }

    @Test
    void theSettingCannotBeSmallerThanOneEvent() {
        assertThatThrownBy(() -> AggregationSettings.DEFAULTS.withMaxValueNames(31))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32");
    }
}
