package io.pulseboard.aggregator.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pulseboard.aggregator.aggregation.HourAggregate;
import io.pulseboard.aggregator.aggregation.HourKey;
import io.pulseboard.aggregator.aggregation.PartitionState;
import io.pulseboard.aggregator.aggregation.UtcTime;
import io.pulseboard.aggregator.aggregation.ValueAggregate;
import io.pulseboard.aggregator.aggregation.WindowStats;
import io.pulseboard.model.Event;
import io.pulseboard.model.Status;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The windows of hours and with offsets, assembled from a fake store of hour and minute rows and a
 * partition state, against brute force over the events.
 */
class EarlierWindowsTest {

    private static final int P = 3;
    private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");
    private static final Set<String> NAMES = Set.of("latency_ms", "cost_usd");
    private static final Duration HOUR = Duration.ofHours(1);

    private final Random random = new Random(1616);
    private final List<Event> events = new ArrayList<>();
    /** What the fake store holds: hours by (stream, hour), as stored rows (compact, without minutes). */
    private final Map<HourKey, HourAggregate> storedHours = new TreeMap<>(Comparator.comparing(HourKey::toString));

    private final Map<HourKey, List<HourAggregate>> storedMinutes = new HashMap<>();
    private final List<Runnable> reads = new ArrayList<>();
    private final List<String> readLog = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private boolean failNext;
    private EarlierWindows windows;

    @BeforeEach
    void setUp() {
        windows = windows(100);
    }

    private EarlierWindows windows(int maxEntries) {
        EarlierWindows.Rows rows = new EarlierWindows.Rows() {
            @Override
            public List<HourAggregate> hours(Collection<String> streams, Instant from, Instant to) {
                readLog.add("hours " + streams.size() + " " + from + " " + to);
                failIfAsked();
                return storedHours.values().stream()
                        .filter(h -> streams.contains(h.stream())
                                && !h.hour().isBefore(from)
                                && h.hour().isBefore(to))
                        .map(h -> HourAggregate.deserialize(h.serializeCompact()))
                        .toList();
            }

            @Override
            public List<HourAggregate> minutes(Collection<String> streams, Instant from, Instant to) {
                readLog.add("minutes " + streams.size() + " " + from + " " + to);
                failIfAsked();
                return storedMinutes.values().stream()
                        .flatMap(List::stream)
                        .filter(m -> streams.contains(m.stream())
                                && !m.start().isBefore(from)
                                && m.start().isBefore(to))
                        .toList();
            }
        };
        return new EarlierWindows(
                rows,
                reads::add,
                new EarlierWindows.Limits(maxEntries, 4, Duration.ofMinutes(10), Duration.ofSeconds(2)),
                registry);
    }

    private void failIfAsked() {
        if (failNext) {
            failNext = false;
            throw new IllegalStateException("the database is away");
        }
    }

    /** Runs the reads started so far (on "their threads"), then lets the windows take them in. */
    private void runReads(Instant now) {
        windows.startReads();
        List<Runnable> todo = new ArrayList<>(reads);
        reads.clear();
        todo.forEach(Runnable::run);
        windows.takeFinished(now);
    }

    /** Events of {@code stream} over [from, to), about {@code perHour} an hour. */
    private void events(String stream, Instant from, Instant to, int perHour) {
        long seconds = Duration.between(from, to).toSeconds();
        int n = (int) (perHour * seconds / 3600);
        for (int i = 0; i < n; i++) {
            Instant t = from.plusSeconds(random.nextLong(seconds)).plusMillis(random.nextInt(1000));
            Map<String, Double> values = Map.of(
                    "latency_ms", Math.exp(random.nextGaussian() * 1.5 + 4),
                    "cost_usd", random.nextInt(10_000) / 100.0,
                    "other", random.nextDouble());
            events.add(new Event(
                    stream, t, random.nextInt(10) == 0 ? Status.ERROR : Status.OK, null, values, Map.of(), null, null));
        }
    }

    /** Stores every hour before {@code before} (hours and minutes rows); the rest goes into a partition state. */
    private PartitionState split(Instant before, Instant now) {
        events.sort(Comparator.comparing(Event::time));
        Map<HourKey, HourAggregate> hours = new HashMap<>();
        PartitionState state = new PartitionState();
        for (Event e : events) {
            if (e.time().isBefore(before)) {
                hours.computeIfAbsent(HourKey.of(e.stream(), e.time()), HourAggregate::new)
                        .add(e, false);
            } else {
                assertThat(state.apply(e, e.time()).isRejected()).isFalse();
            }
        }
        state.closeHours(now);
        hours.values().forEach(this::store);
        return state;
    }

    private void store(HourAggregate h) {
        storedHours.put(h.key(), HourAggregate.deserialize(h.serializeCompact()));
        List<HourAggregate> minutes = new ArrayList<>();
        for (int m = 0; m < 60; m++) {
            HourAggregate one = h.minuteAggregate(m);
            if (one != null) {
                minutes.add(HourAggregate.deserialize(one.serializeCompact()));
            }
        }
        storedMinutes.put(h.key(), minutes);
    }

    private void assertWindow(WindowStats w, String stream, Instant from, Instant to) {
        Predicate<Event> in = e -> e.stream().equals(stream)
                && !e.time().isBefore(from)
                && e.time().isBefore(to);
        List<Event> inWindow = events.stream().filter(in).toList();
        assertThat(inWindow).isNotEmpty();
        assertThat(w.count()).isEqualTo(inWindow.size());
        assertThat(w.errors())
                .isEqualTo(inWindow.stream()
                        .filter(e -> e.status() == Status.ERROR)
                        .count());
        BigDecimal sum = inWindow.stream()
                .filter(e -> e.values().containsKey("cost_usd"))
                .map(e -> new BigDecimal(e.values().get("cost_usd")))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(w.metric("sum", "cost_usd")).isEqualTo(sum.doubleValue());
        double[] latency = inWindow.stream()
                .filter(e -> e.values().containsKey("latency_ms"))
                .mapToDouble(e -> e.values().get("latency_ms"))
                .sorted()
                .toArray();
        double exact = latency[(int) Math.floor(0.95 * (latency.length - 1))];
        assertThat(w.metric("p95", "latency_ms"))
                .isCloseTo(exact, within(ValueAggregate.RELATIVE_ACCURACY * exact * (1 + 1e-9)));
    }

    @Test
    void aDayFromAStoredRollupTheHourBeforeAndTheLiveHourIsExact() {
        Instant now = T0.plus(Duration.ofHours(30)).plusSeconds(1234);
        Instant current = UtcTime.hourOf(now);
        for (String s : List.of("a", "b")) {
            events(s, now.minus(Duration.ofHours(26)), now, 400);
        }
        PartitionState state = split(current.minus(HOUR), now);
        assertThat(state.find(new HourKey("a", current.minus(HOUR))))
                .as("H-1 in memory")
                .isNotNull();

        // First asked: read in the background, one read for both streams; not at hand until then.
        assertThat(windows.hourWindow(P, state, "a", 24, Duration.ZERO, NAMES, now))
                .isNull();
        assertThat(windows.hourWindow(P, state, "b", 24, Duration.ZERO, NAMES, now))
                .isNull();
        runReads(now);
        assertThat(readLog)
                .containsExactly("hours 2 " + current.minus(Duration.ofHours(23)) + " " + current.plus(HOUR));

        for (String s : List.of("a", "b")) {
            WindowStats w = windows.hourWindow(P, state, s, 24, Duration.ZERO, NAMES, now);
            assertThat(w).isNotNull();
            assertWindow(w, s, current.minus(Duration.ofHours(23)), now.plusSeconds(1));
        }
        // At hand now: no further read.
        runReads(now);
        assertThat(readLog).hasSize(1);

        // An earlier day (offset 1d): all of it stored.
        assertThat(windows.hourWindow(P, state, "a", 2, Duration.ofHours(24), NAMES, now))
                .isNull();
        runReads(now);
        WindowStats yesterday = windows.hourWindow(P, state, "a", 2, Duration.ofHours(24), NAMES, now);
        assertWindow(yesterday, "a", current.minus(Duration.ofHours(25)), current.minus(Duration.ofHours(23)));
        // Of the stored hours only the values the rules read are kept.
        assertThat(yesterday.metric("p95", "other")).isNaN();
        assertThat(yesterday.metric("max", "latency_ms")).isPositive();
    }

    @Test
    void theAnchorRollingReadsAgainAndDefersMeanwhile() {
        Instant now = T0.plus(Duration.ofHours(30)).plusSeconds(3000);
        events("a", now.minus(Duration.ofHours(8)), now.plus(Duration.ofMinutes(20)), 300);
        Instant current = UtcTime.hourOf(now);
        PartitionState state = split(current.minus(HOUR), now);
        windows.hourWindow(P, state, "a", 6, Duration.ZERO, NAMES, now);
        runReads(now);
        assertThat(windows.hourWindow(P, state, "a", 6, Duration.ZERO, NAMES, now))
                .isNotNull();

        // The next hour: its H-2 is the hour before, now stored; the old roll-up does not serve.
        Instant later = now.plus(Duration.ofMinutes(20));
        store(state.find(new HourKey("a", current.minus(HOUR))));
        state.closeHours(later);
        assertThat(windows.hourWindow(P, state, "a", 6, Duration.ZERO, NAMES, later))
                .isNull();
        runReads(later);
        assertWindow(
                windows.hourWindow(P, state, "a", 6, Duration.ZERO, NAMES, later),
                "a",
                current.minus(Duration.ofHours(4)),
                later.plusSeconds(1));
    }

    @Test
    void aLateEventIsSeenOnceItsCheckpointIsWrittenAndReadAgain() {
        Instant now = T0.plus(Duration.ofHours(30)).plusSeconds(600);
        events("a", now.minus(Duration.ofHours(10)), now, 300);
        Instant current = UtcTime.hourOf(now);
        PartitionState state = split(current.minus(HOUR), now);
        windows.hourWindow(P, state, "a", 12, Duration.ZERO, NAMES, now);
        runReads(now);
        WindowStats before = windows.hourWindow(P, state, "a", 12, Duration.ZERO, NAMES, now);

        // A late event into H-5: counted in memory (changed), stored at the next checkpoint.
        Instant old = current.minus(Duration.ofHours(5)).plusSeconds(10);
        Event late = new Event("a", old, Status.ERROR, null, Map.of("cost_usd", 1000.0), Map.of(), null, null);
        events.add(late);
        HourAggregate hour =
                HourAggregate.deserialize(storedHours.get(HourKey.of("a", old)).serializeCompact());
        hour.add(late, true);
        windows.changed(P, List.of(hour), now);
        runReads(now);
        assertThat(windows.hourWindow(P, state, "a", 12, Duration.ZERO, NAMES, now)
                        .count())
                .as("not stored yet: the old roll-up")
                .isEqualTo(before.count());
        assertThat(readLog).hasSize(1);

        storedHours.put(hour.key(), HourAggregate.deserialize(hour.serializeCompact()));
        windows.checkpointed(List.of(P + 1)); // another partition's checkpoint changes nothing
        windows.hourWindow(P, state, "a", 12, Duration.ZERO, NAMES, now);
        runReads(now);
        assertThat(readLog).hasSize(1);
        windows.checkpointed(List.of(P));
        assertThat(windows.hourWindow(P, state, "a", 12, Duration.ZERO, NAMES, now)
                        .count())
                .as("the old value serves while the new read runs")
                .isEqualTo(before.count());
        runReads(now);
        WindowStats after = windows.hourWindow(P, state, "a", 12, Duration.ZERO, NAMES, now);
        assertThat(after.count()).isEqualTo(before.count() + 1);
        assertWindow(after, "a", current.minus(Duration.ofHours(11)), now.plusSeconds(1));
    }

    @Test
    void aFailedReadDefersAndIsRetried() {
        Instant now = T0.plus(Duration.ofHours(30)).plusSeconds(600);
        events("a", now.minus(Duration.ofHours(5)), now, 200);
        PartitionState state = split(UtcTime.hourOf(now).minus(HOUR), now);
        failNext = true;
        assertThat(windows.hourWindow(P, state, "a", 4, Duration.ZERO, NAMES, now))
                .isNull();
        runReads(now);
        assertThat(registry.counter("pulse.alerts.history.read.failures").count())
                .isEqualTo(1);
        assertThat(windows.readsInFlight()).isZero();
        assertThat(windows.hourWindow(P, state, "a", 4, Duration.ZERO, NAMES, now))
                .isNull();
        runReads(now);
        assertThat(readLog).hasSize(2);
        assertWindow(
                windows.hourWindow(P, state, "a", 4, Duration.ZERO, NAMES, now),
                "a",
                UtcTime.hourOf(now).minus(Duration.ofHours(3)),
                now.plusSeconds(1));
    }

    @Test
    void theEntriesStayWithinTheirCapAndIdleOnesGo() {
        windows = windows(3);
        Instant now = T0.plus(Duration.ofHours(30)).plusSeconds(600);
        List<String> streams = List.of("s1", "s2", "s3", "s4", "s5");
        streams.forEach(s -> events(s, now.minus(Duration.ofHours(4)), now, 100));
        PartitionState state = split(UtcTime.hourOf(now).minus(HOUR), now);
        streams.forEach(s -> windows.hourWindow(P, state, s, 3, Duration.ZERO, NAMES, now));
        assertThat(windows.size()).isEqualTo(3);
        runReads(now);
        assertThat(readLog)
                .containsExactly("hours 3 " + UtcTime.hourOf(now).minus(Duration.ofHours(2)) + " "
                        + UtcTime.hourOf(now).plus(HOUR));
        // All in use: the others wait rather than push them out.
        assertThat(windows.hourWindow(P, state, "s4", 3, Duration.ZERO, NAMES, now.plusSeconds(1)))
                .isNull();
        assertThat(windows.size()).isEqualTo(3);
        // Once s1..s3 have not been used for a while, s4 and s5 take their places.
        Instant later = now.plusSeconds(5);
        windows.hourWindow(P, state, "s4", 3, Duration.ZERO, NAMES, later);
        windows.hourWindow(P, state, "s5", 3, Duration.ZERO, NAMES, later);
        assertThat(windows.size()).isEqualTo(3);
        runReads(later);
        assertThat(windows.hourWindow(P, state, "s5", 3, Duration.ZERO, NAMES, later))
                .isNotNull();

        windows.dropIdle(later.plus(Duration.ofMinutes(11)));
        assertThat(windows.size()).isZero();
        windows.hourWindow(P, state, "s1", 3, Duration.ZERO, NAMES, later);
        windows.forget(List.of(P));
        assertThat(windows.size()).isZero();
    }

    @Test
    void aMinuteWindowWithAnOffsetReadsStoredMinutesWhereMemoryHasNone() {
        Instant now = T0.plus(Duration.ofHours(30)).plusSeconds(600); // 00:10 of H
        Instant current = UtcTime.hourOf(now);
        events("a", now.minus(Duration.ofHours(3)), now, 3000);
        PartitionState state = split(current.minus(HOUR), now);
        // 30 minutes an hour ago: H-2's end (from stored minutes) and H-1's start (memory).
        Duration offset = Duration.ofHours(1);
        assertThat(windows.minuteWindow(P, state, "a", 30, offset, NAMES, now)).isNull();
        runReads(now);
        Instant endMinute = UtcTime.minuteOf(now.minus(offset));
        assertThat(readLog)
                .containsExactly("minutes 1 " + endMinute.minus(Duration.ofMinutes(29)) + " " + current.minus(HOUR));
        WindowStats w = windows.minuteWindow(P, state, "a", 30, offset, NAMES, now);
        assertWindow(w, "a", endMinute.minus(Duration.ofMinutes(29)), endMinute.plus(Duration.ofMinutes(1)));
        // A new minute, a new read; meanwhile not at hand.
        assertThat(windows.minuteWindow(P, state, "a", 30, offset, NAMES, now.plusSeconds(60)))
                .isNull();
        // Within memory: no read at all.
        WindowStats recent = windows.minuteWindow(P, state, "a", 5, Duration.ofMinutes(10), NAMES, now);
        Instant recentEnd = UtcTime.minuteOf(now.minus(Duration.ofMinutes(10)));
        assertWindow(recent, "a", recentEnd.minus(Duration.ofMinutes(4)), recentEnd.plus(Duration.ofMinutes(1)));
    }
}
