package io.pulseboard.aggregator.aggregation;

import static io.pulseboard.aggregator.aggregation.States.assertSameState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.pulseboard.model.Event;
import io.pulseboard.model.HourlyMetrics;
import io.pulseboard.model.Status;
import io.pulseboard.model.json.PulseJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HourAggregateTest {

    private static final String[] STREAMS = {"checkout.api", "llm.chat", "batch.jobs"};

    private static Map<HourKey, List<Event>> byHour(List<Event> events) {
        return events.stream()
                .collect(Collectors.groupingBy(
                        e -> HourKey.of(e.stream(), e.time()), TreeMap::new, Collectors.toList()));
    }

    private static HourAggregate aggregate(HourKey key, List<Event> events) {
        HourAggregate h = new HourAggregate(key);
        events.forEach(e -> h.add(e, false));
        return h;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 20261122})
    void matchesBruteForceForEveryStreamHourAndMinute(long seed) {
        List<Event> events = new Gen(seed).events(30_000, STREAMS, 3);
        Map<HourKey, List<Event>> groups = byHour(events);
        assertThat(groups).hasSize(9);
        groups.forEach((key, list) -> {
            HourAggregate h = aggregate(key, list);
            HourlyMetrics m = h.toMetrics(key.end());
            new Exact(list).assertMetrics(m);
            assertThat(m.revision()).isEqualTo(list.size());
            assertThat(m.isFinal()).isFalse();
            assertThat(m.lateEvents()).isZero();
            assertThat(m.ratePerS()).isEqualTo(list.size() / 3600.0);

            Map<Integer, List<Event>> byMinute = list.stream().collect(Collectors.groupingBy(UtcTimeTest::minuteOf));
            for (int minute = 0; minute < 60; minute++) {
                List<Event> inMinute = byMinute.getOrDefault(minute, List.of());
                MinuteBucket b = h.minute(minute);
                if (inMinute.isEmpty()) {
                    assertThat(b).isNull();
                    continue;
                }
                Exact exact = new Exact(inMinute);
                assertThat(b.count()).isEqualTo(exact.count);
                assertThat(b.errors()).isEqualTo(exact.errors);
                assertThat(b.valueNames()).isEqualTo(exact.values.keySet());
                int mm = minute;
                exact.values.forEach(
                        (name, sorted) -> Exact.assertValue(key + " minute " + mm + " " + name, b.value(name), sorted));
            }
        });
    }

    @ParameterizedTest
    @ValueSource(longs = {7, 8, 9})
    void mergingTwoPartsEqualsAggregatingAllTheirEvents(long seed) {
        Gen gen = new Gen(seed);
        List<Event> events = gen.events(20_000, STREAMS, 2);
        byHour(events).forEach((key, list) -> {
            List<Event> a = new ArrayList<>();
            List<Event> b = new ArrayList<>();
            list.forEach(e -> (gen.random().nextInt(3) == 0 ? a : b).add(e));
            HourAggregate merged = aggregate(key, a);
            merged.merge(aggregate(key, b));
            HourAggregate all = aggregate(key, list);
            assertSameState(merged, all);
            // and the other way round, and into an empty hour
            HourAggregate reversed = aggregate(key, b);
            reversed.merge(aggregate(key, a));
            assertSameState(reversed, all);
            HourAggregate fromEmpty = new HourAggregate(key);
            fromEmpty.merge(all);
            assertSameState(fromEmpty, all);
        });
    }

    @Test
    void dailyRollupOfHoursEqualsAddingAllTheEventsOfTheDay() {
        List<Event> events = new Gen(11).events(20_000, new String[] {"checkout.api"}, 5);
        HourKey day = new HourKey("checkout.api", Gen.T0.minus(Duration.ofHours(8)));
        HourAggregate merged = HourAggregate.rollup(day, Duration.ofDays(1));
        byHour(events).forEach((key, list) -> merged.merge(aggregate(key, list)));
        HourAggregate added = HourAggregate.rollup(day, Duration.ofDays(1));
        events.forEach(e -> added.add(e, false));
        assertSameState(merged, added);
        assertThat(merged.minutesTracked()).isFalse();
        assertThat(merged.minute(5)).isNull();
        new Exact(events).assertMetrics(merged.toMetrics(day.hour().plus(Duration.ofDays(2))));
        // rate over the whole day once the day is past
        assertThat(merged.toMetrics(day.hour().plus(Duration.ofDays(2))).ratePerS())
                .isEqualTo(events.size() / 86_400.0);
    }

    @Test
    void rollupIsFinalOnlyWhenEveryMergedHourIs() {
        HourKey key = HourKey.of("s", Gen.T0);
        HourAggregate open = new HourAggregate(key);
        open.add(Gen.ok("s", Gen.T0, 1), false);
        HourAggregate closed = new HourAggregate(HourKey.of("s", Gen.T0.plusSeconds(3600)));
        closed.add(Gen.ok("s", Gen.T0.plusSeconds(3600), 1), false);
        closed.close();

        HourAggregate onlyClosed = HourAggregate.rollup(key, Duration.ofDays(1));
        onlyClosed.merge(closed);
        assertThat(onlyClosed.isFinal()).isTrue();
        onlyClosed.merge(open);
        assertThat(onlyClosed.isFinal()).isFalse();
        assertThat(onlyClosed.revision()).isEqualTo(closed.revision() + open.revision());
    }

    @Test
    void anHourWithMinutesMergesOnlyItsOwnHour() {
        HourAggregate a = new HourAggregate(HourKey.of("s", Gen.T0));
        HourAggregate b = new HourAggregate(HourKey.of("s", Gen.T0.plusSeconds(3600)));
        assertThatThrownBy(() -> a.merge(b))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("same hour");
    }

    @ParameterizedTest
    @ValueSource(longs = {5, 6})
    void serializationRoundTripContinuesAsIfNothingHappened(long seed) {
        List<Event> events = new Gen(seed).events(12_000, new String[] {"checkout.api"}, 1);
        HourKey key = HourKey.of("checkout.api", Gen.T0);
        List<Event> before = events.subList(0, 5_000);
        List<Event> after = events.subList(5_000, events.size());

        HourAggregate original = aggregate(key, before);
        byte[] bytes = original.serialize();
        HourAggregate restored = HourAggregate.deserialize(bytes);
        assertThat(restored.serialize()).isEqualTo(bytes);
        assertSameState(restored, original);

        after.forEach(e -> original.add(e, false));
        after.forEach(e -> restored.add(e, false));
        assertSameState(restored, original);
        assertThat(restored.serialize()).isEqualTo(original.serialize());
        new Exact(events).assertMetrics(restored.toMetrics(key.end()));

        // A final, late-touched hour round-trips too.
        original.close();
        original.add(after.get(0), true);
        HourAggregate again = HourAggregate.deserialize(original.serialize());
        assertSameState(again, original);
        assertThat(again.isFinal()).isTrue();
        assertThat(again.lateEvents()).isEqualTo(1);
    }

    @Test
    void compactSerializationKeepsTheTotalsAndDropsTheMinutes() {
        List<Event> events = new Gen(3).events(3_000, new String[] {"checkout.api"}, 1);
        HourKey key = HourKey.of("checkout.api", Gen.T0);
        HourAggregate full = aggregate(key, events);
        byte[] compact = full.serializeCompact();
        assertThat(compact.length).isLessThan(full.serialize().length / 5);
        HourAggregate restored = HourAggregate.deserialize(compact);
        assertThat(restored.minutesTracked()).isFalse();
        assertThat(restored.minute(10)).isNull();
        Instant now = key.end();
        assertThat(restored.toMetrics(now)).isEqualTo(full.toMetrics(now));
        for (String name : full.valueNames()) {
            States.assertSameValue(name, restored.value(name), full.value(name));
        }
        // still exact after more (late) events
        Event more = Gen.ok("checkout.api", Gen.T0.plusSeconds(10), 5);
        restored.add(more, true);
        full.add(more, true);
        assertThat(restored.toMetrics(now)).isEqualTo(full.toMetrics(now));
    }

    @Test
    void rejectsBytesThatAreNotAState() {
        HourAggregate h = aggregate(HourKey.of("s", Gen.T0), new Gen(1).events(100, new String[] {"s"}, 1));
        byte[] bytes = h.serialize();
        assertThatThrownBy(() -> HourAggregate.deserialize(Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid Pulseboard aggregation state");
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> HourAggregate.deserialize(longer)).hasMessageContaining("trailing");
        byte[] otherVersion = bytes.clone();
        otherVersion[1] = 9;
        assertThatThrownBy(() -> HourAggregate.deserialize(otherVersion)).hasMessageContaining("version 9");
        assertThatThrownBy(() -> HourAggregate.deserialize(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void metricsFollowTheContract() {
        HourKey key = HourKey.of("checkout.api", Instant.parse("2026-11-22T10:00:00Z"));
        HourAggregate h = new HourAggregate(key);
        Instant t = key.hour();
        h.add(Gen.event("checkout.api", t.plusSeconds(10), Status.OK, null, Map.of("latency_ms", 100.0)), false);
        h.add(
                Gen.event("checkout.api", t.plusSeconds(20), Status.ERROR, "timeout", Map.of("latency_ms", 300.0)),
                false);
        h.add(
                Gen.event(
                        "checkout.api",
                        t.plusSeconds(30),
                        Status.ERROR,
                        null,
                        Map.of("latency_ms", 200.0, "tokens", 7.0)),
                false);
        h.add(Gen.event("checkout.api", t.plusSeconds(40), Status.OK, "ignored_on_ok", Map.of()), false);

        HourlyMetrics m = h.toMetrics(t.plusSeconds(1800));
        assertThat(m.count()).isEqualTo(4);
        assertThat(m.errors()).isEqualTo(2);
        assertThat(m.errorRate()).isEqualTo(0.5);
        assertThat(m.errorsByType()).containsExactly(Map.entry("timeout", 1L));
        assertThat(m.ratePerS()).isEqualTo(4 / 1800.0);
        assertThat(m.values().get("latency_ms").mean()).isEqualTo(200.0);
        assertThat(m.values().get("latency_ms").p50()).isCloseTo(200.0, within(2.0));
        assertThat(m.values().get("tokens").count()).isEqualTo(1);
        assertThat(m.firstEvent()).isEqualTo(t.plusSeconds(10));
        assertThat(m.lastEvent()).isEqualTo(t.plusSeconds(40));
        assertThat(m.revision()).isEqualTo(4);
        assertThat(m.updatedAt()).isEqualTo(t.plusSeconds(1800));
        // Rate: at least one second elapsed; the whole hour once past its end or final.
        assertThat(h.toMetrics(t.minusSeconds(30)).ratePerS()).isEqualTo(4.0);
        assertThat(h.toMetrics(t.plusSeconds(7200)).ratePerS()).isEqualTo(4 / 3600.0);
        h.close();
        assertThat(h.toMetrics(t.plusSeconds(600)).ratePerS()).isEqualTo(4 / 3600.0);
        assertThat(h.revision()).isEqualTo(5);
        assertThat(h.isFinal()).isTrue();

        String json = PulseJson.toJson(h.toMetrics(t.plusSeconds(3900)));
        assertThat(json)
                .contains("\"final\":true", "\"error_rate\":0.5", "\"errors_by_type\":{\"timeout\":1}", "\"p99\":");
        assertThat(PulseJson.fromJson(json, HourlyMetrics.class)).isEqualTo(h.toMetrics(t.plusSeconds(3900)));
    }

    @Test
    void zerosNegativesAndTheExtremesOfTheDoubleRange() {
        HourKey key = HourKey.of("s", Gen.T0);
        HourAggregate h = new HourAggregate(key);
        double[] values = {
            0.0,
            -0.0,
            Double.MIN_VALUE,
            -Double.MIN_NORMAL,
            1e-300,
            -1e-300,
            1e300,
            -1e300,
            Double.MAX_VALUE,
            -Double.MAX_VALUE,
            5,
            -5
        };
        for (double v : values) {
            h.add(Gen.event("s", Gen.T0, Status.OK, null, Map.of("x", v)), false);
        }
        ValueAggregate x = h.value("x");
        assertThat(x.count()).isEqualTo(values.length);
        assertThat(x.min()).isEqualTo(-Double.MAX_VALUE);
        assertThat(x.max()).isEqualTo(Double.MAX_VALUE);
        // exact: all but MIN_VALUE - MIN_NORMAL cancels
        assertThat(x.sum()).isEqualTo(Exact.sum(values)).isEqualTo(Double.MIN_VALUE - Double.MIN_NORMAL);
        assertThat(x.quantile(0)).isEqualTo(-Double.MAX_VALUE);
        assertThat(x.quantile(1)).isEqualTo(Double.MAX_VALUE);
        assertThat(x.quantile(0.5)).isZero();
        assertThat(HourAggregate.deserialize(h.serialize()).value("x").sum()).isEqualTo(x.sum());

        // Beyond the 2048 bins of a store (about 17 decades below the largest magnitude) the smallest
        // magnitudes collapse; the quantiles above them stay within 1 %.
        HourAggregate wide = new HourAggregate(key);
        List<Double> all = new ArrayList<>();
        Gen gen = new Gen(99);
        for (int i = 0; i < 10_000; i++) {
            double v = i % 10 == 0
                    ? Math.pow(10, gen.random().nextDouble(-300, -200))
                    : Math.pow(10, gen.random().nextDouble(0, 6));
            all.add(v);
            wide.add(Gen.event("s", Gen.T0, Status.OK, null, Map.of("x", v)), false);
        }
        double[] sorted = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        ValueAggregate w = wide.value("x");
        for (double q : new double[] {0.2, 0.5, 0.9, 0.95, 0.99, 1.0}) {
            Exact.assertQuantile("wide", w.quantile(q), sorted, q);
        }
        assertThat(w.quantile(0.05)).as("collapsed into the lowest kept bin").isGreaterThan(1e-20);
        assertThat(w.sum()).isEqualTo(Exact.sum(sorted));
        assertThat(w.min()).isEqualTo(sorted[0]);
    }

    @Test
    void aSumBeyondTheDoubleRangeSticksAtInfinity() {
        HourAggregate h = new HourAggregate(HourKey.of("s", Gen.T0));
        h.add(Gen.event("s", Gen.T0, Status.OK, null, Map.of("x", Double.MAX_VALUE)), false);
        h.add(Gen.event("s", Gen.T0, Status.OK, null, Map.of("x", Double.MAX_VALUE)), false);
        assertThat(h.value("x").sum()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(HourAggregate.deserialize(h.serialize()).value("x").sum()).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void refusesEventsOfAnotherHourAndValuesThatAreNotFiniteWithoutChanging() {
        HourKey key = HourKey.of("s", Gen.T0);
        HourAggregate h = new HourAggregate(key);
        h.add(Gen.ok("s", Gen.T0, 1), false);
        byte[] before = h.serialize();
        assertThatThrownBy(() -> h.add(Gen.ok("s", key.end(), 1), false)).hasMessageContaining("not in the hour");
        assertThatThrownBy(() -> h.add(Gen.ok("s", Gen.T0.minusNanos(1), 1), false))
                .hasMessageContaining("not in the hour");
        Map<String, Double> nan = new LinkedHashMap<>();
        nan.put("a", 1.0);
        nan.put("b", Double.NaN);
        assertThatThrownBy(() -> h.add(Gen.event("s", Gen.T0, Status.OK, null, nan), false))
                .hasMessageContaining("finite");
        assertThat(h.serialize()).isEqualTo(before);
        assertThatThrownBy(() -> new HourKey("s", Gen.T0.plusSeconds(60))).hasMessageContaining("not the start");
    }

    @Test
    void keepsMinuteBucketsLazily() {
        HourAggregate h = new HourAggregate(HourKey.of("s", Gen.T0));
        assertThat(h.minute(0)).isNull();
        h.add(Gen.ok("s", Gen.T0.plusSeconds(17 * 60 + 59), 3), false);
        assertThat(h.minute(17).count()).isEqualTo(1);
        assertThat(h.minute(17).value("latency_ms").sum()).isEqualTo(3.0);
        Map<Integer, Long> present = new HashMap<>();
        for (int m = 0; m < 60; m++) {
            if (h.minute(m) != null) present.put(m, h.minute(m).count());
        }
        assertThat(present).containsExactly(Map.entry(17, 1L));
        // an empty open hour serializes small
        assertThat(new HourAggregate(HourKey.of("s", Gen.T0)).serialize().length)
                .isLessThan(40);
    }
}
