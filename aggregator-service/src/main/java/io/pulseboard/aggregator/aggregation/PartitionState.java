package io.pulseboard.aggregator.aggregation;

import io.pulseboard.model.Durations;
import io.pulseboard.model.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one Kafka partition owns: its open hours, the closed hours it still holds in memory,
 * its watermark (the latest event time it counted) and its clock.
 *
 * <h2>Time</h2>
 *
 * The partition's <em>clock</em> is the latest of its watermark and every wall-clock {@code now}
 * it was given; it never goes back, so an hour once closed stays closed even if the wall clock of
 * the next owner is a little behind. An hour is <em>closed</em> once the clock reaches its end plus
 * the grace period (and stays closed if a later owner has a longer grace). Events are classified
 * against it:
 *
 * <ul>
 *   <li>more than the maximum future skew ahead of {@code now}: rejected;
 *   <li>older than the clock minus the maximum lateness: rejected;
 *   <li>in an open hour (even one due to close at the next {@link #closeHours}): counted;
 *   <li>in a closed hour held in memory: counted late into it;
 *   <li>in a closed hour not in memory: {@link Outcome.Kind#NEEDS_CLOSED_HOUR}; the caller loads the
 *       hour from storage and calls {@link #applyLate};
 *   <li>otherwise a new open hour starts.
 * </ul>
 *
 * An event that its hour cannot take is rejected before anything changes: one that would add a
 * value name beyond {@link AggregationSettings#maxValueNames()}, or take a sum beyond {@link
 * HourAggregate#MAX_SUM}.
 *
 * <h2>Memory</h2>
 *
 * A closed hour stays in memory while a window of up to 60 minutes can reach it (one hour after its
 * end), and, if a late event changed or loaded it, for {@link
 * AggregationSettings#closedHourRetention()} after its last change, so a replay of old events loads
 * each hour once. Eviction happens in {@link #closeHours}; every change was reported by then.
 *
 * <h2>Revisions and the dirty list</h2>
 *
 * Every change of an hour (an event, closing) bumps its revision by one and queues it once in the
 * dirty list that {@link #drainDirty()} hands to the conflating publisher.
 *
 * <p>Not thread-safe: the partition's consumer thread owns it.
 */
public final class PartitionState {

    private static final byte MAGIC = 'P';
    private static final byte VERSION = 1;
    private static final Comparator<HourAggregate> BY_KEY = Comparator.comparing(HourAggregate::key);

    private final AggregationSettings settings;
    private final Map<HourKey, HourAggregate> open = new HashMap<>();
    private final Map<HourKey, HourAggregate> closed = new HashMap<>();
    /** The open hour each stream last counted into: the fast path of {@link #apply}. */
    private final Map<String, HourAggregate> current = new HashMap<>();

    private final List<HourAggregate> dirty = new ArrayList<>();
    private final HourAggregate.FiniteCheck finiteCheck = new HourAggregate.FiniteCheck();
    private final HourAggregate.Admission admission = new HourAggregate.Admission();
    /** How many hours in memory (open and closed) each stream has: answers {@link #holds}. */
    private final Map<String, Integer> hoursPerStream = new HashMap<>();

    private Instant watermark;
    private Instant clock;

    // Limits derived from the clock and the last `now`, recomputed only when those change.
    private Instant limitsNow;
    private Instant futureLimit;
    private Instant oldLimit;
    /** Hours ending at or before this epoch second are closed: never goes back. */
    private long closedThroughSecond = Long.MIN_VALUE;

    public PartitionState() {
        this(AggregationSettings.DEFAULTS);
    }

    public PartitionState(AggregationSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public AggregationSettings settings() {
        return settings;
    }

    // ---------------------------------------------------------------------------------------------
    // Events

    /**
     * Classifies one event and counts it if it can. {@code now} is the wall clock.
     *
     * @return {@link Outcome.Kind#COUNTED} or {@link Outcome.Kind#COUNTED_LATE} with the hour it went
     *     into, {@link Outcome.Kind#NEEDS_CLOSED_HOUR} (nothing changed: call {@link #applyLate}),
     *     or a rejection with its reason
     */
    public Outcome apply(Event e, Instant now) {
        Outcome rejected = screen(e, now);
        if (rejected != null) {
            return rejected;
        }
        Instant t = e.time();
        long hourStart = UtcTime.hourStartSecond(t.getEpochSecond());
        HourAggregate h = current.get(e.stream());
        if (h == null || h.startSecond() != hourStart) {
            HourKey key = new HourKey(e.stream(), Instant.ofEpochSecond(hourStart));
            h = open.get(key);
            if (h == null) {
                HourAggregate c = closed.get(key);
                if (c != null) {
                    return countLate(e, c);
                }
                if (isClosed(hourStart)) {
                    return Outcome.needsClosedHour(key);
                }
                Outcome refused = admit(null, e, key);
                if (refused != null) {
                    return refused;
                }
                h = new HourAggregate(key);
                open.put(key, h);
                track(e.stream());
            }
            current.put(e.stream(), h);
        }
        Outcome refused = admit(h, e, h.key());
        if (refused != null) {
            return refused;
        }
        h.addChecked(e, false);
        advanceWatermark(t);
        markDirty(h);
        return h.countedOutcome();
    }

    /**
     * Counts an event whose hour {@link #apply} found closed and not in memory, into {@code
     * closedHour} as loaded from storage, or into a new final hour if storage has none (null). The
     * hour stays in memory for later late events, and the partition owns {@code closedHour} from now
     * on (it changes it; store it from {@link Outcome#hour()}). The event is screened again (the clock may have
     * moved on); if its hour turns out to be in memory or open, that one is used and {@code
     * closedHour} is ignored.
     *
     * @throws IllegalArgumentException if {@code closedHour} is not the event's hour
     */
    public Outcome applyLate(Event e, HourAggregate closedHour, Instant now) {
        Outcome rejected = screen(e, now);
        if (rejected != null) {
            return rejected;
        }
        Instant t = e.time();
        long hourStart = UtcTime.hourStartSecond(t.getEpochSecond());
        HourKey key = new HourKey(e.stream(), Instant.ofEpochSecond(hourStart));
        if (closedHour != null && !closedHour.key().equals(key)) {
            throw new IllegalArgumentException("event of " + key + " given the hour " + closedHour.key());
        }
        if (open.containsKey(key) || closed.containsKey(key) || !isClosed(hourStart)) {
            return apply(e, now);
        }
        Outcome refused = admit(closedHour, e, key);
        if (refused != null) {
            return refused;
        }
        HourAggregate h = closedHour != null ? closedHour : HourAggregate.emptyClosed(key);
        h.markFinal();
        closed.put(key, h);
        track(e.stream());
        return countLate(e, h);
    }

    /** A rejection if {@code h} (null: a new hour) cannot take the event's values, else null. */
    private Outcome admit(HourAggregate h, Event e, HourKey key) {
        String refusal = admission.check(h, e.values(), settings.maxValueNames());
        return refusal == null ? null : Outcome.rejected(Outcome.Kind.REJECTED_OVER_LIMIT, key, refusal);
    }

    private void track(String stream) {
        hoursPerStream.merge(stream, 1, Integer::sum);
    }

    private void untrack(String stream) {
        hoursPerStream.computeIfPresent(stream, (s, n) -> n == 1 ? null : n - 1);
    }

    /** Whether any hour of {@code stream}, open or closed, is in this partition's memory. */
    public boolean holds(String stream) {
        return hoursPerStream.containsKey(stream);
    }

    private Outcome countLate(Event e, HourAggregate h) {
        Outcome refused = admit(h, e, h.key());
        if (refused != null) {
            return refused;
        }
        h.add(e, true); // checks the hour: a closed hour may come from storage
        advanceWatermark(e.time());
        h.touched = clock;
        markDirty(h);
        return Outcome.countedLate(h);
    }

    /** A rejection, or null for an event to count. Moves the clock to {@code now}. */
    private Outcome screen(Event e, Instant now) {
        Objects.requireNonNull(now, "now");
        advanceClock(now);
        if (e.stream() == null || e.stream().isEmpty()) {
            return Outcome.rejected(Outcome.Kind.REJECTED_INVALID, null, "event has no stream");
        }
        Instant t = e.time();
        if (t == null) {
            return Outcome.rejected(Outcome.Kind.REJECTED_INVALID, null, "event has no time");
        }
        String bad = finiteCheck.check(e.values());
        if (bad != null) {
            return Outcome.rejected(
                    Outcome.Kind.REJECTED_INVALID,
                    null,
                    "value '" + bad + "' is not a finite number: " + e.values().get(bad));
        }
        if (!now.equals(limitsNow)) {
            limitsNow = now;
            futureLimit = now.plus(settings.maxFutureSkew());
        }
        if (t.isAfter(futureLimit)) {
            return Outcome.rejected(
                    Outcome.Kind.REJECTED_TOO_FAR_IN_FUTURE,
                    HourKey.of(e.stream(), t),
                    "event time " + t + " is more than " + Durations.describe(settings.maxFutureSkew())
                            + " ahead of the clock (" + now + "): the maximum future skew is "
                            + Durations.describe(settings.maxFutureSkew()));
        }
        if (t.isBefore(oldLimit)) {
            return Outcome.rejected(
                    Outcome.Kind.REJECTED_TOO_OLD,
                    HourKey.of(e.stream(), t),
                    "event time " + t + " is older than the maximum lateness of "
                            + Durations.describe(settings.maxLateness()) + ": the partition's clock is at " + clock
                            + ", so only events from " + oldLimit + " on are counted");
        }
        return null;
    }

    private void advanceClock(Instant t) {
        if (clock == null || t.isAfter(clock)) {
            clock = t;
            oldLimit = t.minus(settings.maxLateness());
            // Monotone and kept in the checkpoint: a longer grace after a restart reopens nothing.
            closedThroughSecond =
                    Math.max(closedThroughSecond, t.minus(settings.grace()).getEpochSecond());
        }
    }

    private void advanceWatermark(Instant t) {
        if (watermark == null || t.isAfter(watermark)) {
            watermark = t;
            advanceClock(t);
        }
    }

    /** Whether the hour starting at {@code hourStart} has closed: its end plus grace is reached. */
    private boolean isClosed(long hourStart) {
        return hourStart + UtcTime.SECONDS_PER_HOUR <= closedThroughSecond;
    }

    private void markDirty(HourAggregate h) {
        if (!h.dirty) {
            h.dirty = true;
            dirty.add(h);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Closing

    /**
     * Closes every open hour whose end plus the grace period the clock has reached (the watermark,
     * or the wall clock {@code now}): marks it final, bumps its revision, moves it from the open hours
     * to the closed ones in memory, and queues it as dirty. Also evicts closed hours no longer needed.
     * Call it after each batch of events and on a timer, so that quiet streams close too.
     *
     * @return the hours just closed, by hour then stream: store them
     */
    public List<HourAggregate> closeHours(Instant now) {
        Objects.requireNonNull(now, "now");
        advanceClock(now);
        List<HourAggregate> done = new ArrayList<>();
        for (Iterator<HourAggregate> it = open.values().iterator(); it.hasNext(); ) {
            HourAggregate h = it.next();
            if (isClosed(h.startSecond())) {
                it.remove();
                current.remove(h.stream(), h);
                h.close();
                h.touched = clock;
                closed.put(h.key(), h);
                markDirty(h);
                done.add(h);
            }
        }
        evictClosed();
        done.sort(BY_KEY);
        return done;
    }

    private void evictClosed() {
        if (closed.isEmpty()) {
            return;
        }
        long clockSecond = clock.getEpochSecond();
        Instant retainedSince = clock.minus(settings.closedHourRetention());
        closed.values().removeIf(h -> {
            boolean windowsReachIt =
                    h.startSecond() + UtcTime.SECONDS_PER_HOUR + WindowStats.MAX_MINUTES * UtcTime.SECONDS_PER_MINUTE
                            > clockSecond;
            boolean recentlyChanged = h.touched != null && h.touched.isAfter(retainedSince);
            if (windowsReachIt || recentlyChanged) {
                return false;
            }
            untrack(h.stream());
            return true;
        });
    }

    // ---------------------------------------------------------------------------------------------
    // Reading

    /**
     * The hours changed since the last call, each once, in order of their first change: open ones,
     * and closed ones (just closed, or changed by a late event). Live objects: read them on this
     * partition's thread (for example {@code toMetrics(now)}).
     */
    public List<HourAggregate> drainDirty() {
        if (dirty.isEmpty()) {
            return List.of();
        }
        List<HourAggregate> out = new ArrayList<>(dirty);
        for (HourAggregate h : dirty) {
            h.dirty = false;
        }
        dirty.clear();
        return out;
    }

    /** The open hours (a live, unmodifiable view). */
    public Collection<HourAggregate> openHours() {
        return Collections.unmodifiableCollection(open.values());
    }

    /** The closed hours still in memory (a live, unmodifiable view). */
    public Collection<HourAggregate> closedHoursInMemory() {
        return Collections.unmodifiableCollection(closed.values());
    }

    /** An open hour, or null. */
    public HourAggregate openHour(HourKey key) {
        return open.get(key);
    }

    /** An hour in memory, open or closed, or null. */
    public HourAggregate find(HourKey key) {
        HourAggregate h = open.get(key);
        return h != null ? h : closed.get(key);
    }

    /** The latest event time counted on this partition. */
    public Optional<Instant> watermark() {
        return Optional.ofNullable(watermark);
    }

    /** The partition's clock: the latest of the watermark and every {@code now} given to it. */
    public Optional<Instant> clock() {
        return Optional.ofNullable(clock);
    }

    /** Whether the hour starting at {@code hour} is closed by the partition's clock. */
    public boolean isClosed(Instant hour) {
        return isClosed(UtcTime.hourStartSecond(hour.getEpochSecond()));
    }

    /**
     * The sliding window of {@code minutes} (1 to 60) of {@code stream} ending at {@code end}, over
     * the hours in memory (see {@link WindowStats}).
     */
    public WindowStats window(String stream, int minutes, Instant end) {
        if (minutes < 1 || minutes > WindowStats.MAX_MINUTES) {
            throw new IllegalArgumentException("a window is 1 to 60 minutes, not " + minutes);
        }
        Instant endHour = UtcTime.hourOf(end);
        Instant startHour =
                UtcTime.hourOf(UtcTime.minuteOf(end).minusSeconds((minutes - 1) * UtcTime.SECONDS_PER_MINUTE));
        HourAggregate last = withMinutes(find(new HourKey(stream, endHour)));
        HourAggregate first = startHour.equals(endHour) ? null : withMinutes(find(new HourKey(stream, startHour)));
        return WindowStats.of(minutes, end, first, last);
    }

    private static HourAggregate withMinutes(HourAggregate h) {
        return h != null && h.minutesTracked() ? h : null;
    }

    // ---------------------------------------------------------------------------------------------
    // Serialization

    /**
     * The whole state for a checkpoint: watermark, clock, open hours and the closed hours in memory,
     * with their minute buckets (format: see {@code package-info.java}). The dirty list is not part of it.
     */
    public byte[] serialize() {
        Binary.Writer out = new Binary.Writer(1024);
        out.writeByte(MAGIC);
        out.writeByte(VERSION);
        out.writeInstant(watermark);
        out.writeInstant(clock);
        out.writeSignedVarLong(closedThroughSecond);
        List<HourAggregate> openHours = new ArrayList<>(open.values());
        openHours.sort(BY_KEY);
        out.writeVarInt(openHours.size());
        for (HourAggregate h : openHours) {
            int at = out.beginLength();
            h.write(out, true);
            out.endLength(at);
        }
        List<HourAggregate> closedHours = new ArrayList<>(closed.values());
        closedHours.sort(BY_KEY);
        out.writeVarInt(closedHours.size());
        for (HourAggregate h : closedHours) {
            out.writeInstant(h.touched);
            int at = out.beginLength();
            h.write(out, true);
            out.endLength(at);
        }
        return out.toByteArray();
    }

    /**
     * Restores a partition's state from {@link #serialize()}, with the given settings.
     *
     * @throws IllegalArgumentException if the bytes are not such a state
     */
    public static PartitionState deserialize(byte[] bytes, AggregationSettings settings) {
        Binary.Reader in = new Binary.Reader(bytes);
        if (in.readByte() != MAGIC) {
            throw Binary.corrupt("not a partition state");
        }
        byte version = in.readByte();
        if (version != VERSION) {
            throw Binary.corrupt("unknown partition state version " + version);
        }
        PartitionState state = new PartitionState(settings);
        Instant watermark = in.readInstant();
        Instant clock = in.readInstant();
        long closedThrough = in.readSignedVarLong();
        state.closedThroughSecond = closedThrough;
        if (clock != null) {
            state.advanceClock(clock);
        }
        state.watermark = watermark;
        int openCount = in.readCount(4);
        for (int i = 0; i < openCount; i++) {
            Binary.Reader slice = in.slice();
            HourAggregate h = HourAggregate.read(slice);
            slice.expectEnd("an open hour");
            if (h.isFinal() || !h.minutesTracked() || state.open.put(h.key(), h) != null) {
                throw Binary.corrupt("bad open hour " + h.key());
            }
            state.track(h.stream());
        }
        int closedCount = in.readCount(5);
        for (int i = 0; i < closedCount; i++) {
            Instant touched = in.readInstant();
            Binary.Reader slice = in.slice();
            HourAggregate h = HourAggregate.read(slice);
            slice.expectEnd("a closed hour");
            h.touched = touched;
            if (!h.isFinal() || state.closed.put(h.key(), h) != null || state.open.containsKey(h.key())) {
                throw Binary.corrupt("bad closed hour " + h.key());
            }
            state.track(h.stream());
        }
        in.expectEnd("the partition state");
        return state;
    }
}
