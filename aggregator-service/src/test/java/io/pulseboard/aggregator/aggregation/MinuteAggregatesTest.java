package io.pulseboard.aggregator.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulseboard.model.Event;
import io.pulseboard.model.HourlyMetrics;
import io.pulseboard.model.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Minute aggregates of an hour, their stored form, and an hour rebuilt from stored minutes, against brute force. */
class MinuteAggregatesTest {

    private static final String S = "checkout.api";
    private static final HourKey KEY = new HourKey(S, Gen.T0);

    @Test
    void eachMinuteEqualsABruteForceCountOfItsEvents() {
        List<Event> events = new Gen(7).events(20_000, new String[] {S}, 1);
        HourAggregate hour = new HourAggregate(KEY);
        events.forEach(e -> hour.add(e, false));

        for (int m = 0; m < 60; m++) {
            assertMinute(hour, m, eventsOfMinute(events, m));
        }
    }

    @Test
    void aMinuteIsASpanOfSixtySecondsWithTheHoursRevisionAndNothingPerHour() {
        HourAggregate hour = new HourAggregate(KEY);
        Instant t = Gen.T0.plusSeconds(15 * 60 + 10);
        hour.add(Gen.ok(S, t, 10), false);
        hour.add(Gen.event(S, t.plusSeconds(5), Status.ERROR, "timeout", Map.of("latency_ms", 30.0)), false);

        HourAggregate minute = hour.minuteAggregate(15);
        assertThat(minute.start()).isEqualTo(Gen.T0.plusSeconds(15 * 60));
        assertThat(minute.hour()).as("the hour it is a minute of").isEqualTo(Gen.T0);
        assertThat(minute.span().getSeconds()).isEqualTo(60);
        assertThat(minute.revision()).isEqualTo(hour.revision());
        assertThat(minute.minutesTracked()).isFalse();
        HourlyMetrics m = minute.toMetrics(Gen.T0.plusSeconds(15 * 60 + 30));
        assertThat(m.count()).isEqualTo(2);
        assertThat(m.errorsByType()).containsExactly(Map.entry("timeout", 1L));
        assertThat(m.ratePerS()).as("2 events in the 30 s elapsed").isEqualTo(2 / 30.0);
        assertThat(m.isFinal()).isFalse();
        assertThat(m.firstEvent()).isNull();
        assertThat(m.lateEvents()).isZero();
        assertThat(hour.minuteAggregate(16)).as("a minute without events").isNull();

        // Detached: changing the hour later does not change the minute taken before.
        hour.add(Gen.ok(S, t, 99), false);
        assertThat(minute.count()).isEqualTo(2);
        assertThat(minute.value("latency_ms").max()).isEqualTo(30.0);
    }

    @Test
    void changedMinutesAreReportedOnceAndIncludeLateEvents() {
        HourAggregate hour = new HourAggregate(KEY);
        hour.add(Gen.ok(S, Gen.T0.plusSeconds(3 * 60), 1), false);
        hour.add(Gen.ok(S, Gen.T0.plusSeconds(7 * 60 + 59), 1), false);
        assertThat(hour.drainChangedMinutes()).isEqualTo((1L << 3) | (1L << 7));
        assertThat(hour.drainChangedMinutes()).isZero();

        hour.add(Gen.ok(S, Gen.T0.plusSeconds(59 * 60), 1), true);
        assertThat(hour.drainChangedMinutes()).isEqualTo(1L << 59);
        assertThat(HourAggregate.rollup(KEY, java.time.Duration.ofDays(1)).drainChangedMinutes())
                .isZero();
    }

    @Test
    void perMinuteErrorTypesSurviveSerializationAndFollowTheHoursFolding() {
        HourAggregate hour = new HourAggregate(KEY);
        for (int i = 0; i < HourAggregate.MAX_ERROR_TYPES + 5; i++) {
            hour.add(Gen.event(S, Gen.T0.plusSeconds(i), Status.ERROR, "type_" + i, Map.of()), false);
        }
        HourAggregate copy = HourAggregate.deserialize(hour.serialize());
        assertThat(copy.minute(0).errorsByType()).isEqualTo(hour.minute(0).errorsByType());
        assertThat(copy.minute(1).errorsByType().get(HourAggregate.OTHER_ERROR_TYPE))
                .isEqualTo(5L);
        assertThat(hour.minuteAggregate(1).errorsByType().get(HourAggregate.OTHER_ERROR_TYPE))
                .isEqualTo(5L);
        States.assertSameState(copy, hour);
    }

    @Test
    void aVersionOneStateWithMinutesIsStillRead() {
        // An hour written by the previous build: one ok event at minute 2, no value.
        Binary.Writer out = new Binary.Writer(64);
        out.writeByte((byte) 'H');
        out.writeByte((byte) 1);
        out.writeByte((byte) 2); // minute buckets follow
        out.writeString(S);
        out.writeSignedVarLong(Gen.T0.getEpochSecond());
        out.writeVarLong(3600);
        out.writeVarLong(1); // count
        out.writeVarLong(0); // errors
        out.writeVarLong(0); // late
        out.writeVarLong(1); // revision
        out.writeInstant(Gen.T0.plusSeconds(150));
        out.writeInstant(Gen.T0.plusSeconds(150));
        out.writeVarInt(0); // error types
        out.writeVarInt(0); // values
        out.writeLongLE(1L << 2);
        out.writeVarLong(1);
        out.writeVarLong(0);
        out.writeVarInt(0);

        HourAggregate h = HourAggregate.deserialize(out.toByteArray());
        assertThat(h.minute(2).count()).isEqualTo(1);
        assertThat(h.minute(2).errorsByType()).isEmpty();
        assertThat(HourAggregate.deserialize(h.serialize()).minute(2).count())
                .as("written back as version 2")
                .isEqualTo(1);
    }

    @Test
    void anHourRebuiltFromItsStoredMinutesCountsLateEventsIntoThemExactly() {
        List<Event> events = new ArrayList<>(new Gen(11).events(5_000, new String[] {S}, 1));
        HourAggregate live = new HourAggregate(KEY);
        events.forEach(e -> live.add(e, false));
        live.close();

        HourAggregate restored = HourAggregate.restoreClosed(
                KEY, HourAggregate.deserialize(live.serializeCompact()), storedMinutes(live));
        assertThat(restored.minutesTracked()).isTrue();
        assertThat(restored.isFinal()).isTrue();
        assertThat(restored.revision()).isEqualTo(live.revision());
        assertThat(restored.drainChangedMinutes()).as("nothing changed yet").isZero();

        Gen gen = new Gen(12);
        for (int i = 0; i < 500; i++) {
            Event late = gen.event(S, Gen.T0.plusSeconds(gen.random().nextLong(3600)));
            restored.add(late, true);
            events.add(late);
        }
        for (int m = 0; m < 60; m++) {
            assertMinute(restored, m, eventsOfMinute(events, m));
        }
        new Exact(events).assertMetrics(restored.toMetrics(Gen.T0.plusSeconds(7200)));
    }

    @Test
    void withoutMinuteRowsForEveryEventTheHourKeepsNoMinutes() {
        HourAggregate live = new HourAggregate(KEY);
        live.add(Gen.ok(S, Gen.T0.plusSeconds(60), 1), false);
        live.add(Gen.ok(S, Gen.T0.plusSeconds(180), 2), false);
        live.close();
        HourAggregate stored = HourAggregate.deserialize(live.serializeCompact());
        List<HourAggregate> partial = storedMinutes(live).subList(0, 1);

        HourAggregate restored = HourAggregate.restoreClosed(KEY, stored, partial);
        assertThat(restored).isSameAs(stored);
        assertThat(restored.minutesTracked())
                .as("a partial minute would be wrong")
                .isFalse();
        assertThat(HourAggregate.restoreClosed(KEY, stored, null))
                .as("minutes not wanted")
                .isSameAs(stored);

        HourAggregate never = HourAggregate.restoreClosed(KEY, null, List.of());
        assertThat(never.minutesTracked())
                .as("an hour never stored has no minutes to miss")
                .isTrue();
        assertThat(never.isFinal()).isTrue();
        assertThat(never.count()).isZero();
    }

    private static List<HourAggregate> storedMinutes(HourAggregate hour) {
        List<HourAggregate> rows = new ArrayList<>();
        for (int m = 0; m < 60; m++) {
            HourAggregate minute = hour.minuteAggregate(m);
            if (minute != null) {
                rows.add(HourAggregate.deserialize(minute.serializeCompact()));
            }
        }
        return rows;
    }

    private static List<Event> eventsOfMinute(List<Event> events, int m) {
        Instant start = Gen.T0.plusSeconds(m * 60L);
        return events.stream()
                .filter(e -> !e.time().isBefore(start) && e.time().isBefore(start.plusSeconds(60)))
                .toList();
    }

    private static void assertMinute(HourAggregate hour, int m, List<Event> expected) {
        HourAggregate minute = hour.minuteAggregate(m);
        if (expected.isEmpty()) {
            assertThat(minute).as("minute %d", m).isNull();
            return;
        }
        Exact exact = new Exact(expected);
        String what = "minute " + m;
        assertThat(minute.count()).as(what + " count").isEqualTo(exact.count);
        assertThat(minute.errors()).as(what + " errors").isEqualTo(exact.errors);
        assertThat(minute.errorsByType()).as(what + " errors by type").isEqualTo(new TreeMap<>(exact.errorsByType));
        assertThat(minute.valueNames()).as(what + " value names").isEqualTo(exact.values.keySet());
        exact.values.forEach((name, sorted) -> Exact.assertValue(what + " " + name, minute.value(name), sorted));
        // The stored form reads back to the same minute.
        States.assertSameState(HourAggregate.deserialize(minute.serializeCompact()), minute);
    }
}
