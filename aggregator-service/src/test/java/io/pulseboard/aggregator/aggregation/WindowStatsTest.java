package io.pulseboard.aggregator.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulseboard.model.Event;
import io.pulseboard.model.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WindowStatsTest {

    private static final String STREAM = "checkout.api";

    private static HourAggregate[] hours(List<Event> events, int count) {
        HourAggregate[] hours = new HourAggregate[count];
        for (int i = 0; i < count; i++) {
            hours[i] = new HourAggregate(HourKey.of(STREAM, Gen.T0.plusSeconds(3600L * i)));
        }
        for (Event e : events) {
            hours[(int) Duration.between(Gen.T0, e.time()).toHours()].add(e, false);
        }
        return hours;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void matchesBruteForceOverTheMinuteBuckets(long seed) {
        Gen gen = new Gen(seed);
        List<Event> events = gen.events(30_000, new String[] {STREAM}, 3);
        HourAggregate[] hours = hours(events, 3);

        List<Instant> ends = new ArrayList<>(List.of(
                Gen.T0.plusSeconds(3600 + 150), // 09:02:30, 5 m spans the hour boundary
                Gen.T0.plusSeconds(3600), // 09:00:00 exactly
                Gen.T0.plusSeconds(3600).plusMillis(500), // just after the boundary
                Gen.T0.plusSeconds(7200).minusNanos(1), // 09:59:59.999999999
                Gen.T0.plusSeconds(2 * 3600 + 1800), // 10:30, 60 m spans 09:31 to 10:30
                Gen.T0.plusSeconds(30), // the first minute: nothing before it
                Gen.T0.plusSeconds(3 * 3600 + 120))); // after the data
        for (int i = 0; i < 10; i++) {
            ends.add(Gen.T0.plusNanos(gen.random().nextLong(3 * 3_600_000_000_000L)));
        }
        for (Instant end : ends) {
            for (int minutes : new int[] {1, 5, 17, 60}) {
                WindowStats w = WindowStats.of(minutes, end, hours);
                long lastMinute = Math.floorDiv(end.getEpochSecond(), 60);
                long firstMinute = lastMinute - minutes + 1;
                List<Event> inWindow = new ArrayList<>();
                for (Event e : events) {
                    long m = Math.floorDiv(e.time().getEpochSecond(), 60);
                    if (m >= firstMinute && m <= lastMinute) {
                        inWindow.add(e);
                    }
                }
                Exact exact = new Exact(inWindow);
                String what = minutes + "m to " + end;
                double seconds = Math.max(
                        1,
                        Duration.between(Instant.ofEpochSecond(firstMinute * 60), end)
                                        .toNanos()
                                / 1e9);
                assertThat(w.start()).isEqualTo(Instant.ofEpochSecond(firstMinute * 60));
                assertThat(w.count()).as(what).isEqualTo(exact.count);
                assertThat(w.errors()).as(what).isEqualTo(exact.errors);
                assertThat(w.metric("count", null)).isEqualTo((double) exact.count);
                assertThat(w.metric("errors", null)).isEqualTo((double) exact.errors);
                assertThat(w.metric("rate", null)).as(what).isEqualTo(exact.count / seconds);
                if (exact.count == 0) {
                    assertThat(w.metric("error_rate", null)).isNaN();
                } else {
                    assertThat(w.metric("error_rate", null)).isEqualTo((double) exact.errors / exact.count);
                }
                for (String name : Gen.VALUE_NAMES) {
                    double[] sorted = exact.values.get(name);
                    if (sorted == null) {
                        assertThat(w.value(name)).isNull();
                        for (String metric : new String[] {"sum", "mean", "min", "max", "p50", "p90", "p95", "p99"}) {
                            assertThat(w.metric(metric, name))
                                    .as(what + " " + metric + "(" + name + ")")
                                    .isNaN();
                        }
                        continue;
                    }
                    String v = what + " " + name;
                    Exact.assertValue(v, w.value(name), sorted);
                    assertThat(w.metric("sum", name)).as(v).isEqualTo(Exact.sum(sorted));
                    assertThat(w.metric("mean", name)).as(v).isEqualTo(Exact.sum(sorted) / sorted.length);
                    assertThat(w.metric("min", name)).as(v).isEqualTo(Exact.min(sorted));
                    assertThat(w.metric("max", name)).as(v).isEqualTo(Exact.max(sorted));
                    Exact.assertQuantile(v, w.metric("p50", name), sorted, 0.50);
                    Exact.assertQuantile(v, w.metric("p90", name), sorted, 0.90);
                    Exact.assertQuantile(v, w.metric("p95", name), sorted, 0.95);
                    Exact.assertQuantile(v, w.metric("p99", name), sorted, 0.99);
                }
            }
        }
    }

    /** A window of hours from a roll-up of the older hours (as the store gives them) and the newest ones as hours. */
    @ParameterizedTest
    @ValueSource(longs = {4, 5})
    void aWindowOfHoursMatchesBruteForceOverRollupsAndHours(long seed) {
        Gen gen = new Gen(seed);
        List<Event> events = gen.events(40_000, new String[] {STREAM}, 6);
        HourAggregate[] hours = hours(events, 6);
        for (int n : new int[] {2, 3, 5}) {
            Instant end = Gen.T0.plusSeconds(5 * 3600 + 1234); // in the sixth hour
            List<HourAggregate> parts = new ArrayList<>();
            if (n > 2) {
                HourAggregate older =
                        HourAggregate.rollup(STREAM, Gen.T0.plusSeconds((6L - n) * 3600), Duration.ofHours(n - 2));
                for (int i = 6 - n; i < 4; i++) {
                    older.merge(hours[i]);
                }
                parts.add(older);
            }
            parts.add(hours[4]);
            parts.add(hours[5]);
            WindowStats w = WindowStats.ofHours(n, end, parts);
            Instant start = Gen.T0.plusSeconds((6L - n) * 3600);
            List<Event> inWindow =
                    events.stream().filter(e -> !e.time().isBefore(start)).toList();
            Exact exact = new Exact(inWindow);
            assertThat(w.start()).isEqualTo(start);
            assertThat(w.minutes()).isEqualTo(n * 60);
            assertThat(w.count()).isEqualTo(exact.count);
            assertThat(w.errors()).isEqualTo(exact.errors);
            assertThat(w.rate())
                    .isEqualTo(
                            exact.count / (double) Duration.between(start, end).toSeconds());
            for (String name : Gen.VALUE_NAMES) {
                double[] sorted = exact.values.get(name);
                assertThat(sorted).as(name).isNotNull();
                assertThat(w.metric("sum", name)).as(name).isEqualTo(Exact.sum(sorted));
                assertThat(w.metric("max", name)).as(name).isEqualTo(Exact.max(sorted));
                Exact.assertQuantile(n + "h " + name, w.metric("p95", name), sorted, 0.95);
            }
        }
        // A missing hour counts as one without events; parts outside the window are a mistake.
        assertThat(WindowStats.ofHours(24, Gen.T0, List.of()).count()).isZero();
        assertThatThrownBy(() -> WindowStats.ofHours(2, Gen.T0.plusSeconds(3 * 3600), List.of(hours[0])))
                .hasMessageContaining("not within the window");
        assertThatThrownBy(() -> WindowStats.ofHours(1, Gen.T0, List.of())).hasMessageContaining("2 to 168");
        assertThatThrownBy(() -> WindowStats.ofHours(169, Gen.T0, List.of())).hasMessageContaining("2 to 168");
    }

    @Test
    void aMissingHourCountsAsOneWithoutEvents() {
        HourAggregate h = new HourAggregate(HourKey.of(STREAM, Gen.T0.plusSeconds(3600)));
        h.add(Gen.ok(STREAM, Gen.T0.plusSeconds(3600 + 30), 10), false);
        h.add(Gen.event(STREAM, Gen.T0.plusSeconds(3600 + 90), Status.ERROR, "timeout", Map.of()), false);
        WindowStats w = WindowStats.of(5, Gen.T0.plusSeconds(3600 + 120), null, h);
        assertThat(w.count()).isEqualTo(2);
        assertThat(w.errorRate()).isEqualTo(0.5);
        assertThat(w.start()).isEqualTo(Gen.T0.plusSeconds(58 * 60));
        assertThat(w.rate()).isEqualTo(2 / 240.0); // buckets 08:58 to 09:02, time 08:58:00 to 09:02:00
        assertThat(w.metric("p99", "latency_ms")).isCloseTo(10, org.assertj.core.api.Assertions.within(0.1));
        assertThat(w.metric("max", "tokens")).isNaN();
        assertThat(WindowStats.of(1, Gen.T0, (HourAggregate) null).metric("error_rate", null))
                .isNaN();
    }

    @Test
    void refusesWhatItCannotCompute() {
        HourAggregate a = new HourAggregate(HourKey.of("a", Gen.T0));
        HourAggregate b = new HourAggregate(HourKey.of("b", Gen.T0));
        assertThatThrownBy(() -> WindowStats.of(0, Gen.T0, a)).hasMessageContaining("1 to 60");
        assertThatThrownBy(() -> WindowStats.of(61, Gen.T0, a)).hasMessageContaining("1 to 60");
        assertThatThrownBy(() -> WindowStats.of(5, Gen.T0, a, b)).hasMessageContaining("one stream");
        HourAggregate rollup = HourAggregate.rollup(HourKey.of("a", Gen.T0), Duration.ofDays(1));
        assertThatThrownBy(() -> WindowStats.of(5, Gen.T0, rollup)).hasMessageContaining("no minute buckets");
        WindowStats w = WindowStats.of(5, Gen.T0, a);
        assertThatThrownBy(() -> w.metric("p42", "x")).hasMessageContaining("unknown metric");
        assertThatThrownBy(() -> w.metric("p99", null)).hasMessageContaining("needs a value name");
    }
}
