package io.pulseboard.aggregator.alerts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pulseboard.aggregator.aggregation.HourAggregate;
import io.pulseboard.aggregator.aggregation.HourKey;
import io.pulseboard.aggregator.aggregation.PartitionState;
import io.pulseboard.aggregator.aggregation.UtcTime;
import io.pulseboard.aggregator.aggregation.WindowStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;

/**
 * The windows of rules that memory alone cannot give: windows of whole hours (2h to 7d), and minute
 * windows shifted back by an {@code offset} into hours no longer in memory. Used on the aggregator
 * thread; never blocks it: what is not at hand is read from PostgreSQL in the background and the
 * window is null (not at hand) until the read is back.
 *
 * <h2>Windows of hours</h2>
 *
 * A window of N hours shifted back by an offset (whole hours) ends with hour A, the hour of {@code
 * now - offset}; with H the current hour, its hours after H-2 (at most H-1 and H) come from memory (a
 * stream's hours stay there at least an hour after they end), the others from a <em>roll-up</em> of
 * the stored hours [A-N+1, min(A, H-2)], read once per anchor A and cached per (partition, stream,
 * N, offset) with only the value names the rules read. When A moves on (every hour) the roll-up is
 * read again: until then the window is not at hand. A stored hour after H-2 is used only where
 * memory has none.
 *
 * <h2>Minute windows with an offset</h2>
 *
 * The hours the shifted window spans are taken from memory where it has them with minute buckets
 * (or where it has none because they had no events: H-1 and H); otherwise the window's stored
 * minutes of those hours are read, cached per end minute (a new minute, a new read).
 *
 * <h2>Late events</h2>
 *
 * A late event into an hour before H-2 changes what is stored only at the next checkpoint: {@link
 * #changed} notes its stream, {@link #checkpointed} marks the stream's entries for a new read once
 * that checkpoint is written. Until the new read is back the old value is used.
 *
 * <h2>Bounds</h2>
 *
 * At most {@code maxEntries} entries (a new one takes the place of one unused for a while, or is
 * refused: the window is not at hand), at most {@code maxReads} reads in flight (one read per
 * partition, window and anchor, for all its streams), entries unused for {@code maxIdle} dropped.
 */
final class EarlierWindows {

    private static final Logger LOG = Logger.getLogger(EarlierWindows.class);
    private static final Duration LOG_EVERY = Duration.ofMinutes(1);
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration MINUTE = Duration.ofMinutes(1);
    /** Streams per read: keeps one query's parameter list and answer moderate. */
    static final int MAX_STREAMS_PER_READ = 500;

    /** Stored rows, read off the aggregator thread (PostgreSQL in the service); may block, may throw. */
    interface Rows {
        /** The stored hours (without minutes) of {@code streams} that start in [from, to). */
        List<HourAggregate> hours(Collection<String> streams, Instant from, Instant to);

        /** The stored minutes (roll-ups of 60 s) of {@code streams} that start in [from, to). */
        List<HourAggregate> minutes(Collection<String> streams, Instant from, Instant to);
    }

    /**
     * @param maxEntries cached windows per instance
     * @param maxReads reads in flight
     * @param maxIdle an entry unused this long is dropped
     * @param inUse an entry used this recently is not given up for a new one
     */
    record Limits(int maxEntries, int maxReads, Duration maxIdle, Duration inUse) {}

    /** One cached window of one stream: its length in minutes, and its offset. */
    record Key(int partition, String stream, int minutes, Duration offset) {}

    /**
     * What a read gave one stream: for a window of hours the roll-up of its stored hours (null: none)
     * and its stored hours after the roll-up; for a minute window its stored minutes as hours with
     * minute buckets.
     */
    record Loaded(HourAggregate rollup, Map<Instant, HourAggregate> hours) {
        static final Loaded NONE = new Loaded(null, Map.of());
    }

    /**
     * One read for many streams: a window of hours ({@code rollupEnd} non-null: hours before it go
     * into the roll-up from {@code from}) or of minutes, of rows in [from, to).
     */
    private record Read(
            int partition, int minutes, Duration offset, Instant at, Instant from, Instant rollupEnd, Instant to) {
        boolean hours() {
            return rollupEnd != null;
        }
    }

    private enum Phase {
        IDLE,
        QUEUED,
        READING
    }

    private static final class Entry {
        final Key key;
        Instant lastUsed;
        boolean dropped;
        /** What is at hand: for anchor hour / end minute {@code at}, with {@code names}. */
        Loaded value;

        Instant at;
        Set<String> names = Set.of();
        long loadedGeneration;
        /** Bumped when the stored rows changed (late events written): a new read is due. */
        long wantedGeneration;

        Phase phase = Phase.IDLE;
        Instant readingAt;
        Set<String> readingNames;
        long readingGeneration;

        Entry(Key key) {
            this.key = key;
        }

        Loaded usable(Instant at, Set<String> names) {
            return value != null && at.equals(this.at) && this.names.containsAll(names) ? value : null;
        }
    }

    private record Done(
            Read read, List<Entry> entries, Set<String> names, Map<String, Loaded> loaded, Throwable failure) {}

    private final Rows rows;
    private final Executor readers;
    private final Limits limits;
    private final Counter failures;

    // Aggregator thread only, but for the queue of finished reads and the gauge's count.
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private final Map<Read, List<Entry>> queued = new LinkedHashMap<>();
    private final Map<Integer, Set<String>> lateStreams = new HashMap<>();
    private final ConcurrentLinkedQueue<Done> done = new ConcurrentLinkedQueue<>();
    private int inFlight;
    private Instant lastFailureLog = Instant.EPOCH;
    private Instant lastFullLog = Instant.EPOCH;
    private volatile int size;

    EarlierWindows(Rows rows, Executor readers, Limits limits, MeterRegistry registry) {
        this.rows = rows;
        this.readers = readers;
        this.limits = limits;
        this.failures = Counter.builder("pulse.alerts.history.read.failures")
                .description("Reads of stored hours or minutes for alert windows that failed (retried later)")
                .register(registry);
        Gauge.builder("pulse.alerts.history.entries", this, w -> w.size)
                .description("Cached earlier windows of alert rules (roll-ups of stored hours, stored minutes)")
                .register(registry);
    }

    // ---------------------------------------------------------------------------------------------
    // Windows

    /**
     * The window of {@code hours} whole hours of {@code stream} ending with the hour of {@code now -
     * offset} (offset whole hours), with the statistics of {@code names}; null when not at hand yet.
     */
    WindowStats hourWindow(
            int partition,
            PartitionState state,
            String stream,
            int hours,
            Duration offset,
            Set<String> names,
            Instant now) {
        Instant end = now.minus(offset);
        Instant anchor = UtcTime.hourOf(end);
        Instant current = UtcTime.hourOf(now);
        Instant first = anchor.minus(HOUR.multipliedBy(hours - 1L));
        Instant recent = max(first, current.minus(HOUR)); // hours from here to the anchor come from memory
        Instant rollupEnd = min(anchor.plus(HOUR), recent); // the roll-up: [first, rollupEnd)
        List<HourAggregate> parts = new ArrayList<>(3);
        boolean missing = false;
        for (Instant h = recent; !h.isAfter(anchor); h = h.plus(HOUR)) {
            HourAggregate inMemory = state.find(new HourKey(stream, h));
            if (inMemory != null) {
                parts.add(inMemory);
            } else {
                missing = true;
            }
        }
        if (!rollupEnd.isAfter(first) && !missing) {
            return WindowStats.ofHours(hours, end, parts);
        }
        Loaded loaded = lookUp(
                new Key(partition, stream, hours * 60, offset),
                new Read(partition, hours * 60, offset, anchor, first, rollupEnd, anchor.plus(HOUR)),
                names,
                now);
        if (loaded == null) {
            return null;
        }
        if (loaded.rollup() != null) {
            parts.add(loaded.rollup());
        }
        if (missing) {
            for (Instant h = recent; !h.isAfter(anchor); h = h.plus(HOUR)) {
                HourAggregate stored = loaded.hours().get(h);
                if (stored != null && state.find(new HourKey(stream, h)) == null) {
                    parts.add(stored);
                }
            }
        }
        return WindowStats.ofHours(hours, end, parts);
    }

    /**
     * The window of {@code minutes} (1 to 60) of {@code stream} ending at {@code now - offset}, with
     * the statistics of {@code names}; null when not at hand yet.
     */
    WindowStats minuteWindow(
            int partition,
            PartitionState state,
            String stream,
            int minutes,
            Duration offset,
            Set<String> names,
            Instant now) {
        Instant end = now.minus(offset);
        Instant current = UtcTime.hourOf(now);
        Instant endMinute = UtcTime.minuteOf(end);
        Instant startMinute = endMinute.minus(MINUTE.multipliedBy(minutes - 1L));
        Instant lastHour = UtcTime.hourOf(end);
        Instant firstHour = UtcTime.hourOf(startMinute);
        boolean lastInMemory = inMemory(state, stream, lastHour, current);
        boolean firstInMemory = firstHour.equals(lastHour) ? lastInMemory : inMemory(state, stream, firstHour, current);
        if (firstInMemory && lastInMemory) {
            return state.window(stream, minutes, end);
        }
        // Read only what memory lacks: the window's part of those hours.
        Instant from = firstInMemory ? lastHour : startMinute;
        Instant to = lastInMemory ? lastHour : endMinute.plus(MINUTE);
        Loaded loaded = lookUp(
                new Key(partition, stream, minutes, offset),
                new Read(partition, minutes, offset, endMinute, from, null, to),
                names,
                now);
        if (loaded == null) {
            return null;
        }
        HourAggregate last = lastInMemory
                ? withMinutes(state, stream, lastHour)
                : loaded.hours().get(lastHour);
        HourAggregate first = firstHour.equals(lastHour)
                ? null
                : firstInMemory
                        ? withMinutes(state, stream, firstHour)
                        : loaded.hours().get(firstHour);
        return WindowStats.of(minutes, end, first, last);
    }

    /** Whether memory answers for the hour's minutes: it holds them, or it holds no hour because it had no events. */
    private static boolean inMemory(PartitionState state, String stream, Instant hour, Instant current) {
        HourAggregate h = state.find(new HourKey(stream, hour));
        return h != null ? h.minutesTracked() : !hour.isBefore(current.minus(HOUR));
    }

    private static HourAggregate withMinutes(PartitionState state, String stream, Instant hour) {
        HourAggregate h = state.find(new HourKey(stream, hour));
        return h != null && h.minutesTracked() ? h : null;
    }

    /** The entry's value for {@code read.at()}, or null (a read is queued if none is under way). */
    private Loaded lookUp(Key key, Read read, Set<String> names, Instant now) {
        Entry e = entry(key, now);
        if (e == null) {
            return null;
        }
        e.lastUsed = now;
        Loaded value = e.usable(read.at(), names);
        boolean fresh = value != null && e.loadedGeneration == e.wantedGeneration;
        if (!fresh) {
            request(e, read, names);
        }
        return value; // a stale value (late events being stored) serves until the new read is back
    }

    private Entry entry(Key key, Instant now) {
        Entry e = entries.get(key);
        if (e != null) {
            return e;
        }
        if (entries.size() >= limits.maxEntries()) {
            Iterator<Entry> eldest = entries.values().iterator();
            Entry old = eldest.hasNext() ? eldest.next() : null;
            if (old == null || !old.lastUsed.isBefore(now.minus(limits.inUse()))) {
                if (Duration.between(lastFullLog, now).compareTo(LOG_EVERY) >= 0) {
                    lastFullLog = now;
                    LOG.warnf(
                            "%d earlier windows of alert rules are cached, all in use: the rules on %s and others"
                                    + " wait (pulse.alerts.history.max-entries)",
                            entries.size(), key.stream());
                }
                return null;
            }
            eldest.remove();
            old.dropped = true;
        }
        e = new Entry(key);
        e.lastUsed = now;
        entries.put(key, e);
        size = entries.size();
        return e;
    }

    private void request(Entry e, Read read, Set<String> names) {
        switch (e.phase) {
            case QUEUED -> e.readingNames.addAll(names); // another rule on the same window, this pass
            case READING -> {} // when it is back, a further read is asked for if still needed
            case IDLE -> {
                e.phase = Phase.QUEUED;
                e.readingAt = read.at();
                e.readingGeneration = e.wantedGeneration;
                e.readingNames = new HashSet<>(names);
                if (read.at().equals(e.at)) {
                    e.readingNames.addAll(e.names); // the same window again: keep what it had
                }
                queued.computeIfAbsent(read, r -> new ArrayList<>()).add(e);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Reads

    /**
     * Starts the reads queued by this pass, as many as {@code maxReads} allows (the rest are asked for
     * again by a later pass), one per window, anchor and up to {@link #MAX_STREAMS_PER_READ} streams.
     */
    void startReads() {
        for (Map.Entry<Read, List<Entry>> q : queued.entrySet()) {
            List<Entry> all = q.getValue();
            for (int from = 0; from < all.size(); from += MAX_STREAMS_PER_READ) {
                List<Entry> chunk = all.subList(from, Math.min(all.size(), from + MAX_STREAMS_PER_READ));
                if (inFlight >= limits.maxReads() || !start(q.getKey(), List.copyOf(chunk))) {
                    chunk.forEach(e -> e.phase = Phase.IDLE);
                }
            }
        }
        queued.clear();
    }

    private boolean start(Read read, List<Entry> batch) {
        Set<String> names = new HashSet<>();
        List<String> streams = new ArrayList<>(batch.size());
        for (Entry e : batch) {
            names.addAll(e.readingNames);
            streams.add(e.key.stream());
        }
        try {
            readers.execute(() -> {
                try {
                    done.add(new Done(read, batch, names, load(read, streams, names), null));
                } catch (RuntimeException | Error failure) {
                    done.add(new Done(read, batch, names, null, failure));
                }
            });
        } catch (RejectedExecutionException e) {
            return false;
        }
        batch.forEach(e -> e.phase = Phase.READING);
        inFlight++;
        return true;
    }

    /** On a reader's thread: the stored rows of the streams, assembled per stream. */
    private Map<String, Loaded> load(Read read, List<String> streams, Set<String> names) {
        Map<String, Loaded> out = new HashMap<>();
        if (read.hours()) {
            Duration span = Duration.between(read.from(), read.rollupEnd());
            for (HourAggregate row : rows.hours(streams, read.from(), read.to())) {
                Loaded l = out.computeIfAbsent(
                        row.stream(),
                        s -> new Loaded(
                                span.isNegative() || span.isZero() ? null : HourAggregate.rollup(s, read.from(), span),
                                new HashMap<>(2)));
                if (row.hour().isBefore(read.rollupEnd())) {
                    l.rollup().merge(row, names);
                } else {
                    HourAggregate one = HourAggregate.rollup(row.stream(), row.hour(), HOUR);
                    one.merge(row, names);
                    l.hours().put(row.hour(), one);
                }
            }
        } else {
            Map<String, Map<Instant, List<HourAggregate>>> byStream = new HashMap<>();
            for (HourAggregate row : rows.minutes(streams, read.from(), read.to())) {
                HourAggregate minute = HourAggregate.rollup(row.stream(), row.start(), MINUTE);
                minute.merge(row, names);
                byStream.computeIfAbsent(row.stream(), s -> new TreeMap<>())
                        .computeIfAbsent(row.hour(), h -> new ArrayList<>())
                        .add(minute);
            }
            byStream.forEach((stream, hours) -> {
                Map<Instant, HourAggregate> rebuilt = new HashMap<>(2);
                hours.forEach(
                        (hour, minutes) -> rebuilt.put(hour, HourAggregate.fromStoredMinutes(stream, hour, minutes)));
                out.put(stream, new Loaded(null, rebuilt));
            });
        }
        return out;
    }

    /** Takes in the reads that are back (call at the start of a pass). */
    void takeFinished(Instant now) {
        for (Done d; (d = done.poll()) != null; ) {
            inFlight--;
            if (d.failure() != null) {
                failures.increment();
                if (Duration.between(lastFailureLog, now).compareTo(LOG_EVERY) >= 0) {
                    lastFailureLog = now;
                    LOG.warnf(
                            "reading stored %s of %d streams for alert windows failed, retrying on a later pass: %s",
                            d.read().hours() ? "hours" : "minutes",
                            d.entries().size(),
                            d.failure().toString());
                }
            }
            for (Entry e : d.entries()) {
                e.phase = Phase.IDLE;
                if (d.failure() != null || e.dropped) {
                    continue;
                }
                e.value = d.loaded().getOrDefault(e.key.stream(), Loaded.NONE);
                e.at = d.read().at();
                e.names = d.names();
                e.loadedGeneration = e.readingGeneration;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Late events, partitions, idle entries

    /** Notes the streams of {@code changed} hours before H-2: their stored rows change at the next checkpoint. */
    void changed(int partition, Collection<HourAggregate> changed, Instant now) {
        if (changed.isEmpty()) {
            return;
        }
        Instant stored = UtcTime.hourOf(now).minus(HOUR); // hours before this come from storage
        for (HourAggregate h : changed) {
            if (h.hour().isBefore(stored)) {
                lateStreams.computeIfAbsent(partition, p -> new HashSet<>()).add(h.stream());
            }
        }
    }

    /** The partitions' checkpoints are written: the stored rows of their late streams are read again. */
    void checkpointed(Collection<Integer> partitions) {
        Set<Integer> withLate = new HashSet<>();
        Map<Integer, Set<String>> late = new HashMap<>();
        for (int p : partitions) {
            Set<String> streams = lateStreams.remove(p);
            if (streams != null) {
                late.put(p, streams);
                withLate.add(p);
            }
        }
        if (withLate.isEmpty()) {
            return;
        }
        for (Entry e : entries.values()) {
            Set<String> streams = late.get(e.key.partition());
            if (streams != null && streams.contains(e.key.stream())) {
                e.wantedGeneration++;
            }
        }
    }

    /** Drops the entries of partitions given up. */
    void forget(Collection<Integer> gone) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (gone.contains(e.key.partition())) {
                e.dropped = true;
                it.remove();
            }
        }
        gone.forEach(lateStreams::remove);
        queued.values().forEach(list -> list.removeIf(e -> e.dropped));
        size = entries.size();
    }

    /** Drops the entries unused for {@code maxIdle}. */
    void dropIdle(Instant now) {
        Instant since = now.minus(limits.maxIdle());
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (!e.lastUsed.isBefore(since)) {
                break; // in order of use: the rest were used later
            }
            e.dropped = true;
            it.remove();
        }
        size = entries.size();
    }

    int size() {
        return entries.size();
    }

    int readsInFlight() {
        return inFlight;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
