package io.pulseboard.aggregator.aggregation;

import static io.pulseboard.aggregator.aggregation.Outcome.Kind.COUNTED;
import static io.pulseboard.aggregator.aggregation.Outcome.Kind.COUNTED_LATE;
import static io.pulseboard.aggregator.aggregation.Outcome.Kind.NEEDS_CLOSED_HOUR;
import static io.pulseboard.aggregator.aggregation.Outcome.Kind.REJECTED_INVALID;
import static io.pulseboard.aggregator.aggregation.Outcome.Kind.REJECTED_TOO_FAR_IN_FUTURE;
import static io.pulseboard.aggregator.aggregation.Outcome.Kind.REJECTED_TOO_OLD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulseboard.model.Event;
import io.pulseboard.model.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartitionStateTest {

    private static final Instant H10 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Instant H11 = H10.plusSeconds(3600);

    private static Instant at(String hhmmss) {
        return Instant.parse("2026-11-22T" + hhmmss + "Z");
    }

    private static Event ok(String stream, String hhmmss) {
        return Gen.ok(stream, at(hhmmss), 10);
    }

    private final PartitionState state = new PartitionState();

    @Test
    void countsEventsIntoTheirOpenHours() {
        assertThat(state.watermark()).isEmpty();
        Outcome a = state.apply(ok("s1", "09:58:00"), at("10:03:00"));
        Outcome b = state.apply(ok("s1", "10:01:00"), at("10:03:00"));
        Outcome c = state.apply(ok("s2", "10:02:00"), at("10:03:00"));
        Outcome d = state.apply(ok("s1", "10:02:30"), at("10:03:00"));
        assertThat(List.of(a.kind(), b.kind(), c.kind(), d.kind())).containsOnly(COUNTED);
        assertThat(a.key()).isEqualTo(new HourKey("s1", at("09:00:00")));
        assertThat(b.hour()).isSameAs(d.hour());
        assertThat(d.hour().count()).isEqualTo(2);
        assertThat(state.openHours()).hasSize(3);
        assertThat(state.watermark()).contains(at("10:02:30"));
        assertThat(a.reason()).isNull();
    }

    @Test
    void closesAnHourWhenTheWatermarkPassesItsEndPlusGrace() {
        state.apply(ok("s1", "10:40:00"), at("10:50:00"));
        state.apply(ok("s2", "11:04:59"), at("11:00:00")); // ahead of the wall clock, within the skew
        assertThat(state.closeHours(at("11:00:00"))).isEmpty();
        HourAggregate hour = state.openHour(new HourKey("s1", H10));
        long revision = hour.revision();

        state.apply(ok("s2", "11:05:00"), at("11:00:30"));
        List<HourAggregate> closed = state.closeHours(at("11:00:30"));
        assertThat(closed).containsExactly(hour);
        assertThat(hour.isFinal()).isTrue();
        assertThat(hour.revision()).isEqualTo(revision + 1);
        assertThat(hour.toMetrics(at("11:05:00")).isFinal()).isTrue();
        assertThat(state.openHour(hour.key())).isNull();
        assertThat(state.openHours()).extracting(HourAggregate::key).containsExactly(new HourKey("s2", H11));
        assertThat(state.closedHoursInMemory()).containsExactly(hour);
        assertThat(state.find(hour.key())).isSameAs(hour);
        assertThat(state.closeHours(at("11:01:00"))).isEmpty();
    }

    @Test
    void closesAQuietStreamsHourByTheWallClock() {
        state.apply(ok("s1", "10:30:00"), at("10:30:00"));
        assertThat(state.closeHours(at("11:04:59.999"))).isEmpty();
        List<HourAggregate> closed = state.closeHours(at("11:05:00"));
        assertThat(closed).extracting(HourAggregate::key).containsExactly(new HourKey("s1", H10));
        assertThat(closed.get(0).revision()).isEqualTo(2);
        assertThat(state.openHours()).isEmpty();
        assertThat(state.watermark()).contains(at("10:30:00"));
    }

    @Test
    void anEventOfAnOpenHourDueToCloseIsStillCountedOnTime() {
        state.apply(ok("s1", "10:30:00"), at("10:30:00"));
        Outcome o = state.apply(ok("s1", "10:59:00"), at("11:06:00"));
        assertThat(o.kind()).isEqualTo(COUNTED);
        assertThat(o.hour().lateEvents()).isZero();
        assertThat(state.closeHours(at("11:06:00")))
                .singleElement()
                .satisfies(h -> assertThat(h.count()).isEqualTo(2));
    }

    @Test
    void aLateEventForAClosedHourInMemoryIsCountedIntoIt() {
        state.apply(ok("s1", "10:30:00"), at("10:30:00"));
        HourAggregate hour = state.closeHours(at("11:05:00")).get(0);
        state.drainDirty();
        long revision = hour.revision();

        Outcome o = state.apply(ok("s1", "10:45:00"), at("11:10:00"));
        assertThat(o.kind()).isEqualTo(COUNTED_LATE);
        assertThat(o.hour()).isSameAs(hour);
        assertThat(hour.count()).isEqualTo(2);
        assertThat(hour.lateEvents()).isEqualTo(1);
        assertThat(hour.revision()).isEqualTo(revision + 1);
        assertThat(hour.isFinal()).isTrue();
        assertThat(hour.minute(45).count()).isEqualTo(1);
        assertThat(state.drainDirty()).containsExactly(hour);
        assertThat(state.openHours()).isEmpty();
    }

    @Test
    void aLateEventForAnHourNotInMemoryAsksForItThenCountsIntoIt() {
        Instant now = at("12:00:00");
        Instant yesterday = Instant.parse("2026-11-21T15:30:00Z");
        HourKey key = new HourKey("s1", Instant.parse("2026-11-21T15:00:00Z"));
        Event late = Gen.ok("s1", yesterday, 99);

        Outcome ask = state.apply(late, now);
        assertThat(ask.kind()).isEqualTo(NEEDS_CLOSED_HOUR);
        assertThat(ask.key()).isEqualTo(key);
        assertThat(ask.hour()).isNull();
        assertThat(state.openHours()).isEmpty();
        assertThat(state.drainDirty()).isEmpty();

        // What storage holds: the final hour, without minute buckets.
        HourAggregate stored = new HourAggregate(key);
        for (int i = 0; i < 3; i++) {
            stored.add(Gen.ok("s1", yesterday.plusSeconds(i), i), false);
        }
        stored.close();
        HourAggregate loaded = HourAggregate.deserialize(stored.serializeCompact());

        Outcome counted = state.applyLate(late, loaded, now);
        assertThat(counted.kind()).isEqualTo(COUNTED_LATE);
        assertThat(counted.hour()).isSameAs(loaded);
        assertThat(loaded.count()).isEqualTo(4);
        assertThat(loaded.lateEvents()).isEqualTo(1);
        assertThat(loaded.revision()).isEqualTo(stored.revision() + 1);
        assertThat(loaded.value("latency_ms").max()).isEqualTo(99.0);
        assertThat(state.drainDirty()).containsExactly(loaded);

        // The hour stays in memory: the next late event needs no load.
        Outcome next = state.apply(Gen.ok("s1", yesterday.plusSeconds(60), 1), now);
        assertThat(next.kind()).isEqualTo(COUNTED_LATE);
        assertThat(next.hour()).isSameAs(loaded);
        assertThat(loaded.revision()).isEqualTo(stored.revision() + 2);

        // An hour storage never had: a new final hour with just this event.
        Event other = Gen.ok("s2", yesterday, 5);
        assertThat(state.apply(other, now).kind()).isEqualTo(NEEDS_CLOSED_HOUR);
        Outcome fresh = state.applyLate(other, null, now);
        assertThat(fresh.kind()).isEqualTo(COUNTED_LATE);
        assertThat(fresh.hour().isFinal()).isTrue();
        assertThat(fresh.hour().count()).isEqualTo(1);
        assertThat(fresh.hour().lateEvents()).isEqualTo(1);
        assertThat(fresh.hour().revision()).isEqualTo(1);

        assertThatThrownBy(() -> state.applyLate(Gen.ok("s3", yesterday, 1), loaded, now))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("given the hour");
    }

    @Test
    void rejectsEventsOlderThanTheMaximumLateness() {
        Instant now = at("12:00:00");
        Instant limit = now.minus(Duration.ofDays(7));
        Outcome old = state.apply(Gen.ok("s1", limit.minusNanos(1), 1), now);
        assertThat(old.kind()).isEqualTo(REJECTED_TOO_OLD);
        assertThat(old.isRejected()).isTrue();
        assertThat(old.reason())
                .isEqualTo(
                        "event time 2026-11-15T11:59:59.999999999Z is older than the maximum lateness of 7d: "
                                + "the partition's clock is at 2026-11-22T12:00:00Z, so only events from 2026-11-15T12:00:00Z on are counted");
        assertThat(state.apply(Gen.ok("s1", limit, 1), now).kind()).isEqualTo(NEEDS_CLOSED_HOUR);

        // The clock is also the watermark: events ahead of the wall clock move the limit.
        state.apply(Gen.ok("s1", now.plusSeconds(240), 1), now);
        assertThat(state.apply(Gen.ok("s1", limit.plusSeconds(10), 1), now).kind())
                .isEqualTo(REJECTED_TOO_OLD);
        assertThat(state.drainDirty()).hasSize(1);
    }

    @Test
    void rejectsEventsTooFarInTheFuture() {
        Instant now = at("12:00:00");
        Outcome future = state.apply(Gen.ok("s1", at("12:05:00.000000001"), 1), now);
        assertThat(future.kind()).isEqualTo(REJECTED_TOO_FAR_IN_FUTURE);
        assertThat(future.reason())
                .isEqualTo("event time 2026-11-22T12:05:00.000000001Z is more than 5m ahead of the clock "
                        + "(2026-11-22T12:00:00Z): the maximum future skew is 5m");
        assertThat(state.watermark()).isEmpty();
        assertThat(state.openHours()).isEmpty();
        assertThat(state.apply(Gen.ok("s1", at("12:05:00"), 1), now).kind()).isEqualTo(COUNTED);
    }

    @Test
    void rejectsEventsItCannotCountWithAReason() {
        Instant now = at("12:00:00");
        Outcome noTime = state.apply(new Event("s1", null, Status.OK, null, Map.of(), Map.of(), null, null), now);
        assertThat(noTime.kind()).isEqualTo(REJECTED_INVALID);
        assertThat(noTime.reason()).isEqualTo("event has no time");
        Outcome nan = state.apply(Gen.event("s1", now, Status.OK, null, Map.of("x", Double.POSITIVE_INFINITY)), now);
        assertThat(nan.kind()).isEqualTo(REJECTED_INVALID);
        assertThat(nan.reason()).isEqualTo("value 'x' is not a finite number: Infinity");
        Outcome noStream = state.apply(Gen.ok(null, now, 1), now);
        assertThat(noStream.reason()).isEqualTo("event has no stream");
        assertThat(state.openHours()).isEmpty();
        assertThat(state.drainDirty()).isEmpty();
    }

    @Test
    void theDirtyListHoldsEachChangedHourOnceUntilDrained() {
        Instant now = at("10:30:00");
        HourAggregate a = state.apply(ok("s1", "10:10:00"), now).hour();
        HourAggregate b = state.apply(ok("s2", "10:11:00"), now).hour();
        state.apply(ok("s1", "10:12:00"), now);
        assertThat(state.drainDirty()).containsExactly(a, b);
        assertThat(state.drainDirty()).isEmpty();
        state.apply(ok("s2", "10:13:00"), now);
        assertThat(state.drainDirty()).containsExactly(b);
        List<HourAggregate> closed = state.closeHours(at("11:05:00"));
        assertThat(closed).containsExactly(a, b);
        assertThat(state.drainDirty()).containsExactlyInAnyOrder(a, b);
        assertThat(state.closeHours(at("11:06:00"))).isEmpty();
        assertThat(state.drainDirty()).isEmpty();
    }

    @Test
    void everyChangeOfAnHourBumpsItsRevisionByOne() {
        List<Long> revisions = new ArrayList<>();
        HourAggregate h = null;
        for (int i = 0; i < 5; i++) {
            h = state.apply(Gen.ok("s1", H10.plusSeconds(i * 60), 1), at("10:30:00"))
                    .hour();
            revisions.add(h.revision());
        }
        state.closeHours(at("11:05:00"));
        revisions.add(h.revision());
        state.apply(Gen.ok("s1", H10.plusSeconds(3000), 1), at("11:06:00"));
        revisions.add(h.revision());
        assertThat(revisions).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }

    @Test
    void keepsClosedHoursForWindowsAndLateEventsThenLetsThemGo() {
        state.apply(ok("s1", "10:58:00"), at("10:58:00"));
        state.apply(ok("s1", "11:01:00"), at("11:01:00"));
        state.closeHours(at("11:05:00"));
        WindowStats w = state.window("s1", 10, at("11:06:00"));
        assertThat(w.count()).isEqualTo(2); // across the closed hour

        HourKey h10 = new HourKey("s1", H10);
        state.closeHours(at("11:59:59"));
        assertThat(state.find(h10)).isNotNull();
        state.closeHours(at("12:00:00")); // no window reaches it, no late event touched it for 10 min
        assertThat(state.find(h10)).isNull();
        assertThat(state.apply(ok("s1", "10:59:00"), at("12:00:00")).kind()).isEqualTo(NEEDS_CLOSED_HOUR);

        // A hour loaded for a late event stays for the retention after its last change.
        Instant old = Instant.parse("2026-11-21T15:30:00Z");
        state.applyLate(Gen.ok("s1", old, 1), null, at("12:00:00"));
        HourKey yesterday = HourKey.of("s1", old);
        state.closeHours(at("12:09:59"));
        assertThat(state.find(yesterday)).isNotNull();
        state.closeHours(at("12:10:00"));
        assertThat(state.find(yesterday)).isNull();
    }

    @Test
    void theClockNeverGoesBackSoAClosedHourStaysClosed() {
        state.apply(ok("s1", "10:30:00"), at("10:30:00"));
        state.closeHours(at("11:05:00"));
        // The next owner's wall clock is 15 minutes behind.
        Outcome o = state.apply(ok("s1", "10:55:00"), at("10:50:00"));
        assertThat(o.kind()).isEqualTo(COUNTED_LATE);
        assertThat(state.openHours()).isEmpty();
        assertThat(state.clock()).contains(at("11:05:00"));
        assertThat(state.isClosed(H10)).isTrue();
        assertThat(state.isClosed(H11)).isFalse();
    }

    @Test
    void aLongerGraceAfterARestartReopensNothing() {
        state.apply(ok("s1", "10:30:00"), at("10:30:00"));
        state.closeHours(at("11:05:00"));
        PartitionState longer = PartitionState.deserialize(
                state.serialize(), AggregationSettings.DEFAULTS.withGrace(Duration.ofMinutes(30)));
        assertThat(longer.isClosed(H10)).isTrue();
        assertThat(longer.apply(ok("s1", "10:40:00"), at("11:06:00")).kind()).isEqualTo(COUNTED_LATE);
        assertThat(longer.apply(ok("s2", "10:40:00"), at("11:06:00")).kind()).isEqualTo(NEEDS_CLOSED_HOUR);
        longer.apply(ok("s1", "11:10:00"), at("11:10:00"));
        assertThat(longer.closeHours(at("12:05:00"))).isEmpty();
        assertThat(longer.closeHours(at("12:30:00")))
                .extracting(HourAggregate::key)
                .containsExactly(new HourKey("s1", H11));
    }

    @Test
    void theWindowOfAPartitionReadsTheOpenHoursOfTheStream() {
        Instant now = at("10:30:00");
        for (int i = 0; i < 30; i++) {
            state.apply(Gen.ok("s1", H10.plusSeconds(60L * i), i), now);
            state.apply(Gen.ok("s2", H10.plusSeconds(60L * i), 1000), now);
        }
        WindowStats w = state.window("s1", 5, now);
        assertThat(w.count()).isEqualTo(4); // minutes 26..30, nothing yet in minute 30
        assertThat(w.metric("max", "latency_ms")).isEqualTo(29.0);
        assertThat(state.window("nobody", 5, now).count()).isZero();
        assertThatThrownBy(() -> state.window("s1", 61, now)).hasMessageContaining("1 to 60");
    }

    /**
     * A consumer's life on one partition: events mostly near the clock, some late (minutes to hours),
     * some too old or too far ahead; the caller stores closed hours (compact) and loads them for late
     * events. Every accepted event ends up counted exactly once in its hour.
     */
    private static final class Consumer {
        final PartitionState state;
        final Map<HourKey, byte[]> storage;
        final List<Outcome.Kind> kinds = new ArrayList<>();
        final List<Event> accepted = new ArrayList<>();
        int loads;

        Consumer(PartitionState state, Map<HourKey, byte[]> storage) {
            this.state = state;
            this.storage = storage;
        }

        void consume(Event e, Instant now) {
            Outcome o = state.apply(e, now);
            if (o.kind() == NEEDS_CLOSED_HOUR) {
                loads++;
                byte[] stored = storage.get(o.key());
                o = state.applyLate(e, stored == null ? null : HourAggregate.deserialize(stored), now);
            }
            kinds.add(o.kind());
            if (o.kind() == COUNTED_LATE) {
                storage.put(o.key(), o.hour().serializeCompact());
            }
            if (o.isCounted()) {
                accepted.add(e);
            } else {
                assertThat(o.isRejected()).isTrue();
                assertThat(o.reason()).isNotBlank();
            }
        }

        void close(Instant now) {
            for (HourAggregate h : state.closeHours(now)) {
                storage.put(h.key(), h.serializeCompact());
            }
            state.drainDirty();
        }
    }

    private static List<Object[]> scenario(long seed, int n) {
        Gen gen = new Gen(seed);
        String[] streams = {"a", "b", "c", "d", "e"};
        Instant now = Instant.parse("2026-11-22T09:40:00Z");
        List<Object[]> steps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            now = now.plusMillis(gen.random().nextLong(2_000));
            int kind = gen.random().nextInt(1000);
            Instant t;
            if (kind < 5) {
                t = now.minus(Duration.ofDays(8)); // too old
            } else if (kind < 10) {
                t = now.plusSeconds(gen.random().nextLong(301, 900)); // too far ahead
            } else if (kind < 40) {
                t = now.minusSeconds(gen.random().nextLong(3 * 3600)); // late, maybe by hours
            } else {
                t = now.minusMillis(gen.random().nextLong(180_000))
                        .plusMillis(gen.random().nextLong(60_000));
            }
            steps.add(new Object[] {gen.event(streams[gen.random().nextInt(streams.length)], t), now});
        }
        return steps;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void countsEveryAcceptedEventExactlyOnceAndRestoresToContinueExactly(long seed) {
        List<Object[]> steps = scenario(seed, 12_000);
        Consumer original = new Consumer(new PartitionState(), new HashMap<>());
        Consumer restored = null;
        int snapshotAt = steps.size() / 2;
        for (int i = 0; i < steps.size(); i++) {
            Event e = (Event) steps.get(i)[0];
            Instant now = (Instant) steps.get(i)[1];
            if (i == snapshotAt) {
                byte[] checkpoint = original.state.serialize();
                PartitionState back = PartitionState.deserialize(checkpoint, AggregationSettings.DEFAULTS);
                assertThat(back.serialize()).isEqualTo(checkpoint);
                restored = new Consumer(back, new HashMap<>(original.storage));
                restored.accepted.addAll(original.accepted);
            }
            original.consume(e, now);
            if (restored != null) {
                restored.consume(e, now);
            }
            if (i % 97 == 0) {
                original.close(now);
                if (restored != null) {
                    restored.close(now);
                }
            }
        }
        assertThat(original.kinds).contains(COUNTED, COUNTED_LATE, REJECTED_TOO_OLD, REJECTED_TOO_FAR_IN_FUTURE);
        assertThat(original.loads).as("closed hours loaded from storage").isPositive();

        // The restored partition behaved exactly as the original did from the snapshot on.
        assertThat(restored.kinds).isEqualTo(original.kinds.subList(snapshotAt, original.kinds.size()));
        assertThat(restored.state.serialize()).isEqualTo(original.state.serialize());
        assertThat(restored.storage.keySet()).isEqualTo(original.storage.keySet());
        for (Map.Entry<HourKey, byte[]> stored : original.storage.entrySet()) {
            assertThat(restored.storage.get(stored.getKey()))
                    .as(stored.getKey().toString())
                    .isEqualTo(stored.getValue());
        }

        // Close everything and compare each stored hour with the accepted events of that hour.
        Instant end = ((Instant) steps.get(steps.size() - 1)[1]).plus(Duration.ofHours(2));
        original.close(end);
        Map<HourKey, List<Event>> expected = original.accepted.stream()
                .collect(Collectors.groupingBy(
                        e -> HourKey.of(e.stream(), e.time()), TreeMap::new, Collectors.toList()));
        assertThat(original.storage.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        long late = original.kinds.stream().filter(k -> k == COUNTED_LATE).count();
        long lateStored = 0;
        for (Map.Entry<HourKey, List<Event>> entry : expected.entrySet()) {
            HourAggregate stored = HourAggregate.deserialize(original.storage.get(entry.getKey()));
            assertThat(stored.isFinal()).isTrue();
            new Exact(entry.getValue()).assertMetrics(stored.toMetrics(end));
            lateStored += stored.lateEvents();
        }
        assertThat(lateStored).isEqualTo(late);
    }

    @Test
    void rejectsACheckpointThatIsNotOne() {
        state.apply(ok("s1", "10:30:00"), at("10:30:00"));
        byte[] bytes = state.serialize();
        assertThatThrownBy(() -> PartitionState.deserialize(new byte[] {'H', 1}, AggregationSettings.DEFAULTS))
                .hasMessageContaining("not a partition state");
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 1);
        assertThatThrownBy(() -> PartitionState.deserialize(cut, AggregationSettings.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class);
        PartitionState empty =
                PartitionState.deserialize(new PartitionState().serialize(), AggregationSettings.DEFAULTS);
        assertThat(empty.openHours()).isEmpty();
        assertThat(empty.watermark()).isEmpty();
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> AggregationSettings.DEFAULTS.withMaxLateness(Duration.ofMinutes(30)))
                .hasMessageContaining("maximum lateness");
        assertThatThrownBy(() -> AggregationSettings.DEFAULTS.withGrace(Duration.ofMinutes(-1)))
                .hasMessageContaining("negative");
        PartitionState noGrace = new PartitionState(AggregationSettings.DEFAULTS.withGrace(Duration.ZERO));
        noGrace.apply(ok("s1", "10:30:00"), at("10:30:00"));
        assertThat(noGrace.closeHours(at("11:00:00"))).hasSize(1);
    }
}
