package io.pulseboard.aggregator.aggregation;

import io.pulseboard.model.Event;
import io.pulseboard.model.HourlyMetrics;
import io.pulseboard.model.Status;
import io.pulseboard.model.ValueStats;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The mutable state of one (stream, UTC hour): counts, errors by type, first and last event time,
 * late events, revision, the final flag, the statistics of each value, and per-minute buckets for
 * sliding windows (allocated on the first event of each minute).
 *
 * <p>A roll-up ({@link #rollup}) holds the same totals over any span (a day, a range) and no
 * minutes; it is built by {@link #merge merging} hours. Merging is exact: merging the aggregates of
 * two sets of events gives what adding all the events gives (sums are exact, sketches are merged
 * bin by bin), whatever the order.
 *
 * <p>Not thread-safe: one partition's thread owns it.
 */
public final class HourAggregate {

    private static final byte MAGIC = 'H';
    /** Version 2 adds error types to minute buckets; version 1 (without them) is still read. */
    private static final byte VERSION = 2;

    private static final byte VERSION_1 = 1;
    private static final int FLAG_FINAL = 1;
    private static final int FLAG_MINUTES = 2;

    private final HourKey key;
    private final long startSecond;
    private final long spanSeconds;
    private final boolean minutesTracked;

    private long count;
    private long errors;
    private long lateEvents;
    private long revision;
    private boolean isFinal;
    private Instant first;
    private Instant last;
    private final Map<String, Long> errorsByType = new HashMap<>(4);
    private final Map<String, ValueAggregate> values = new HashMap<>(8);
    private MinuteBucket[] minutes;

    /** Adds one value of the event being added; the minute bucket of that event, if kept. */
    private final BiConsumer<String, Double> valueAdder = this::addValue;

    private MinuteBucket pendingBucket;

    /** Bookkeeping of {@link PartitionState}: queued in its dirty list. Not part of the state. */
    boolean dirty;

    /** Bookkeeping: bit m is set when minute m changed since {@link #drainChangedMinutes}. */
    private long changedMinutes;

    /** The outcome of counting an event into this open hour: immutable, so made once. */
    private Outcome counted;

    Outcome countedOutcome() {
        Outcome o = counted;
        if (o == null) {
            o = counted = Outcome.counted(this);
        }
        return o;
    }

    /** Bookkeeping of {@link PartitionState}: last change of a closed hour held in memory. */
    Instant touched;

    /** An empty, open hour that keeps per-minute buckets. */
    public HourAggregate(HourKey key) {
        this(key, key.hour().getEpochSecond(), UtcTime.SECONDS_PER_HOUR, true);
    }

    /** {@code key}: the hour that contains {@code startSecond}, the start of what this covers. */
    private HourAggregate(HourKey key, long startSecond, long spanSeconds, boolean minutesTracked) {
        this.key = Objects.requireNonNull(key, "key");
        this.startSecond = startSecond;
        this.spanSeconds = spanSeconds;
        this.minutesTracked = minutesTracked;
    }

    /**
     * An empty roll-up over {@code span} from {@code key.hour()} (a day: {@code Duration.ofDays(1)}),
     * without minutes, to {@link #merge} hours into. Its {@code rate_per_s} is over the span.
     */
    public static HourAggregate rollup(HourKey key, Duration span) {
        return rollup(key.stream(), key.hour(), span);
    }

    /** An empty roll-up over {@code span} from any whole second {@code start} (5 minutes, a range). */
    public static HourAggregate rollup(String stream, Instant start, Duration span) {
        if (span.isNegative() || span.isZero() || span.getNano() != 0 || start.getNano() != 0) {
            throw new IllegalArgumentException(
                    "a roll-up spans a positive whole number of seconds from a whole second: " + start + ", " + span);
        }
        return new HourAggregate(HourKey.of(stream, start), start.getEpochSecond(), span.getSeconds(), false);
    }

    /** An empty, already final hour without minutes: a closed hour that had no events until now. */
    static HourAggregate emptyClosed(HourKey key) {
        HourAggregate h = new HourAggregate(key, key.hour().getEpochSecond(), UtcTime.SECONDS_PER_HOUR, false);
        h.isFinal = true;
        return h;
    }

    // ---------------------------------------------------------------------------------------------
    // Changes

    /**
     * Counts one event, and bumps the revision. {@code late} counts it also as a late event (one for
     * an hour that had already closed). An hour that tracks minutes takes only events of its hour.
     *
     * @throws IllegalArgumentException for an event without time, outside the hour, or with a value
     *     that is not finite; the aggregate is then unchanged
     */
    public void add(Event e, boolean late) {
        Instant t = e.time();
        if (t == null) {
            throw new IllegalArgumentException("event has no time");
        }
        if (minutesTracked && UtcTime.hourStartSecond(t.getEpochSecond()) != startSecond) {
            throw new IllegalArgumentException("event time " + t + " is not in the hour " + key);
        }
        String bad = new FiniteCheck().check(e.values());
        if (bad != null) {
            throw new IllegalArgumentException(
                    "value '" + bad + "' is not a finite number: " + e.values().get(bad));
        }
        addChecked(e, late);
    }

    /**
     * Finds the first value of an event that is not a finite number. Reusable (not thread-safe): it
     * walks the map with {@code forEach}, without iterator or entry objects.
     */
    static final class FiniteCheck implements BiConsumer<String, Double> {
        private String bad;

        @Override
        public void accept(String name, Double v) {
            if (bad == null && (v == null || !Double.isFinite(v))) {
                bad = name;
            }
        }

        /** The name of the first value that is not a finite number, or null if all are. */
        String check(Map<String, Double> values) {
            if (values.isEmpty()) {
                return null;
            }
            bad = null;
            values.forEach(this);
            String found = bad;
            bad = null;
            return found;
        }
    }

    /**
     * The most distinct error types one hour keeps by name; errors of further types are counted
     * under {@link #OTHER_ERROR_TYPE}, so the hour's size is bounded and its error count exact.
     */
    public static final int MAX_ERROR_TYPES = 100;

    /** Where errors of types beyond {@link #MAX_ERROR_TYPES} are counted (no valid error type). */
    public static final String OTHER_ERROR_TYPE = "__other__";

    /**
     * The largest magnitude of one value's sum in an hour. Far inside the double range, so sums over
     * any range of hours (and their means) stay finite numbers in JSON.
     */
    public static final double MAX_SUM = 1e300;

    /**
     * Decides whether an event's values fit an hour: no more than a given number of distinct value
     * names, and every sum within {@link #MAX_SUM}. Reusable, not thread-safe; like {@link
     * FiniteCheck} it walks the values with {@code forEach}, so the common case allocates nothing.
     */
    static final class Admission implements BiConsumer<String, Double> {
        private Map<String, ValueAggregate> known;
        private int fresh;
        private String firstFresh;
        private String refusal;

        /**
         * Why {@code hour} (null: a new, empty hour) cannot take {@code values}, or null if it can.
         */
        String check(HourAggregate hour, Map<String, Double> values, int maxNames) {
            if (values.isEmpty()) {
                return null;
            }
            known = hour == null ? Map.of() : hour.values;
            fresh = 0;
            firstFresh = null;
            refusal = null;
            values.forEach(this);
            String found = refusal;
            if (found == null && fresh > 0 && known.size() + fresh > maxNames) {
                found = "the hour already holds " + known.size() + " distinct value names and this event adds " + fresh
                        + " more (first '" + firstFresh + "'): at most " + maxNames
                        + " value names per stream and hour";
            }
            known = null;
            refusal = null;
            return found;
        }

        @Override
        public void accept(String name, Double boxed) {
            if (refusal != null) {
                return;
            }
            double v = boxed;
            ValueAggregate total = known.get(name);
            if (total == null) {
                if (fresh++ == 0) {
                    firstFresh = name;
                }
                if (!(Math.abs(v) <= MAX_SUM)) {
                    refusal = tooLarge(name, v);
                }
            } else if (total.mayExceed(v, MAX_SUM) && !(Math.abs(total.sum() + v) <= MAX_SUM)) {
                refusal = tooLarge(name, total.sum() + v);
            }
        }

        private static String tooLarge(String name, double sum) {
            return "value '" + name + "' would make its sum in the hour " + sum + ", beyond the limit of +/-" + MAX_SUM;
        }
    }

    /** {@link #add} of an event known to have a time in this hour and finite values. */
    void addChecked(Event e, boolean late) {
        Instant t = e.time();
        boolean error = e.status() == Status.ERROR;
        String type = null;
        count++;
        if (error) {
            errors++;
            type = e.errorType();
            if (type != null) {
                if (errorsByType.size() >= MAX_ERROR_TYPES && !errorsByType.containsKey(type)) {
                    type = OTHER_ERROR_TYPE;
                }
                errorsByType.merge(type, 1L, Long::sum);
            }
        }
        if (first == null || t.isBefore(first)) {
            first = t;
        }
        if (last == null || t.isAfter(last)) {
            last = t;
        }
        if (late) {
            lateEvents++;
        }
        revision++;

        MinuteBucket bucket = null;
        if (minutesTracked) {
            int m = UtcTime.minuteOfHour(t.getEpochSecond());
            bucket = bucket(m);
            bucket.count++;
            if (error) {
                bucket.errors++;
                if (type != null) {
                    bucket.addErrorType(type, 1);
                }
            }
            changedMinutes |= 1L << m;
        }
        Map<String, Double> eventValues = e.values();
        if (eventValues.isEmpty()) {
            return;
        }
        // forEach with a lambda held by this aggregate: no iterator or entry objects per event.
        pendingBucket = bucket;
        eventValues.forEach(valueAdder);
        pendingBucket = null;
    }

    private void addValue(String name, Double boxed) {
        double v = boxed;
        ValueAggregate total = values.get(name);
        if (total == null) {
            total = newValue(name);
        }
        total.add(v);
        MinuteBucket bucket = pendingBucket;
        if (bucket != null) {
            int m = bucket.minute();
            ValueAggregate perMinute = total.minutes[m];
            if (perMinute == null) {
                perMinute = total.minutes[m] = new ValueAggregate();
                bucket.values.put(name, perMinute);
            }
            perMinute.add(v);
        }
    }

    private ValueAggregate newValue(String name) {
        ValueAggregate total = new ValueAggregate();
        if (minutesTracked) {
            total.minutes = new ValueAggregate[UtcTime.MINUTES_PER_HOUR];
        }
        values.put(name, total);
        return total;
    }

    private MinuteBucket bucket(int m) {
        MinuteBucket[] all = minutes;
        if (all == null) {
            all = minutes = new MinuteBucket[UtcTime.MINUTES_PER_HOUR];
        }
        MinuteBucket b = all[m];
        if (b == null) {
            b = all[m] = new MinuteBucket(m);
        }
        return b;
    }

    /**
     * Adds everything of {@code other} to this: counts, errors, value statistics and sketches, first
     * and last, late events; revisions add up (so merging equals adding the events of both). The
     * result is final when both are (an empty aggregate takes the other's flag). Minute buckets are
     * merged when both keep them, which requires the same hour.
     */
    public void merge(HourAggregate other) {
        merge(other, null);
    }

    /**
     * {@link #merge(HourAggregate)}, but only the statistics of the values named in {@code valueNames}
     * (null: all): a roll-up kept for a few metrics need not hold sketches nobody reads.
     */
    public void merge(HourAggregate other, Set<String> valueNames) {
        if (other == this) {
            throw new IllegalArgumentException("an aggregate cannot merge itself");
        }
        if (minutesTracked && !other.key.hour().equals(key.hour())) {
            throw new IllegalArgumentException(
                    "an hour with minute buckets merges only the same hour: " + key + " and " + other.key);
        }
        boolean wasEmpty = isEmpty();
        count += other.count;
        errors += other.errors;
        lateEvents += other.lateEvents;
        revision += other.revision;
        isFinal = wasEmpty ? other.isFinal : isFinal && other.isFinal;
        if (other.first != null && (first == null || other.first.isBefore(first))) {
            first = other.first;
        }
        if (other.last != null && (last == null || other.last.isAfter(last))) {
            last = other.last;
        }
        other.errorsByType.forEach((type, n) -> errorsByType.merge(type, n, Long::sum));
        other.values.forEach((name, v) -> {
            if (valueNames != null && !valueNames.contains(name)) {
                return;
            }
            ValueAggregate total = values.get(name);
            if (total == null) {
                total = newValue(name);
            }
            total.merge(v);
        });
        if (minutesTracked && other.minutes != null) {
            for (MinuteBucket ob : other.minutes) {
                if (ob == null) {
                    continue;
                }
                int m = ob.minute();
                MinuteBucket b = bucket(m);
                b.count += ob.count;
                b.errors += ob.errors;
                if (ob.errorsByType != null) {
                    ob.errorsByType.forEach(b::addErrorType);
                }
                changedMinutes |= 1L << m;
                ob.values.forEach((name, ov) -> {
                    ValueAggregate total = values.get(name);
                    if (total == null) {
                        return; // a value left out
                    }
                    ValueAggregate perMinute = total.minutes[m];
                    if (perMinute == null) {
                        perMinute = total.minutes[m] = new ValueAggregate();
                        b.values.put(name, perMinute);
                    }
                    perMinute.merge(ov);
                });
            }
        }
    }

    /**
     * A detached copy over the same span without minutes, with every total but only the statistics of
     * {@code names} (those it has): what a reader of a few values keeps of many stored hours, so the
     * sketches of values it never asks for are not held or merged.
     */
    public HourAggregate withValuesOnly(Set<String> names) {
        HourAggregate copy = new HourAggregate(key, startSecond, spanSeconds, false);
        copy.merge(this, names);
        return copy;
    }

    /** Marks the hour final and bumps the revision (once; a final hour stays as it is). */
    boolean close() {
        if (isFinal) {
            return false;
        }
        isFinal = true;
        revision++;
        return true;
    }

    /** Marks a closed hour loaded from storage final without a new revision (it was final there). */
    void markFinal() {
        isFinal = true;
    }

    // ---------------------------------------------------------------------------------------------
    // Reading

    public HourKey key() {
        return key;
    }

    public String stream() {
        return key.stream();
    }

    /** The hour that contains {@link #start()} (the start itself for an hour). */
    public Instant hour() {
        return key.hour();
    }

    /** The start of what this covers: its hour, minute, or a roll-up's start. */
    public Instant start() {
        return Instant.ofEpochSecond(startSecond);
    }

    long startSecond() {
        return startSecond;
    }

    /** The length of time this covers: an hour, or a roll-up's span. */
    public Duration span() {
        return Duration.ofSeconds(spanSeconds);
    }

    public long count() {
        return count;
    }

    public long errors() {
        return errors;
    }

    /** Errors by {@code error_type}; errors without a type count only in {@link #errors()}. */
    public Map<String, Long> errorsByType() {
        return Collections.unmodifiableMap(new TreeMap<>(errorsByType));
    }

    public long lateEvents() {
        return lateEvents;
    }

    public long revision() {
        return revision;
    }

    public boolean isFinal() {
        return isFinal;
    }

    /** The earliest event time, or null without events. */
    public Instant firstEvent() {
        return first;
    }

    /** The latest event time, or null without events. */
    public Instant lastEvent() {
        return last;
    }

    /** No event and no change yet. */
    public boolean isEmpty() {
        return count == 0 && revision == 0;
    }

    /** Whether this keeps per-minute buckets (open hours do; roll-ups and compact copies do not). */
    public boolean minutesTracked() {
        return minutesTracked;
    }

    /** The statistics of a value over the whole hour, or null if no event had it. */
    public ValueAggregate value(String name) {
        return values.get(name);
    }

    public Set<String> valueNames() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /** The bucket of minute {@code m} (0 to 59), or null if it had no event or minutes are not kept. */
    public MinuteBucket minute(int m) {
        if (m < 0 || m >= UtcTime.MINUTES_PER_HOUR) {
            throw new IndexOutOfBoundsException("minute " + m);
        }
        return minutes == null ? null : minutes[m];
    }

    /**
     * The minutes changed (bit m: minute m) since the last call, by an event or a merge; clears them.
     * Always 0 for an aggregate that keeps no minutes.
     */
    public long drainChangedMinutes() {
        long changed = changedMinutes;
        changedMinutes = 0;
        return changed;
    }

    /**
     * Minute {@code m} on its own: a detached roll-up over that minute (span 60 s, no minutes, not
     * final) with the minute's count, errors, errors by type and value statistics, and this hour's
     * revision; null if the minute has no events or minutes are not kept. Its {@link #toMetrics} is
     * the minute's MinuteMetrics and its {@link #serializeCompact} the stored minute row.
     */
    public HourAggregate minuteAggregate(int m) {
        MinuteBucket b = minute(m);
        if (b == null) {
            return null;
        }
        HourAggregate one =
                new HourAggregate(key, startSecond + m * UtcTime.SECONDS_PER_MINUTE, UtcTime.SECONDS_PER_MINUTE, false);
        one.count = b.count;
        one.errors = b.errors;
        one.revision = revision;
        if (b.errorsByType != null) {
            one.errorsByType.putAll(b.errorsByType);
        }
        b.values.forEach((name, v) -> one.newValue(name).merge(v));
        return one;
    }

    /**
     * An hour rebuilt from its stored minute rows alone ({@code minutes}: rows of one stream and hour,
     * as {@code MinuteEntity.toAggregate()} gives them): a closed hour whose totals are the sum of its
     * minutes, so {@link #restoreClosed} keeps every minute, for windows over stored minutes.
     */
    public static HourAggregate fromStoredMinutes(String stream, Instant hour, List<HourAggregate> minutes) {
        HourKey key = new HourKey(stream, hour);
        HourAggregate total = rollup(key, Duration.ofSeconds(UtcTime.SECONDS_PER_HOUR));
        minutes.forEach(total::merge);
        return restoreClosed(key, total, minutes);
    }

    /**
     * A closed hour as loaded from storage ({@code stored}, compact; null if it has no row), with
     * minute buckets rebuilt from its stored minute rows ({@link #minuteAggregate} of each minute)
     * when they account for every event of the hour. Otherwise (minute rows pruned, or the hour
     * stored before minutes were) the hour keeps no minutes, so later events count into the hour
     * only and no partial minute is ever made. Null {@code minuteRows}: minutes are not wanted.
     *
     * @return a final hour (null only when {@code stored} is null and minutes are not wanted)
     * @throws IllegalArgumentException if a row is not a minute of {@code key}'s hour
     */
    public static HourAggregate restoreClosed(
            HourKey key, HourAggregate stored, java.util.List<HourAggregate> minuteRows) {
        if (stored != null && !stored.key.equals(key)) {
            throw new IllegalArgumentException("stored hour " + stored.key + " is not " + key);
        }
        if (minuteRows == null) {
            return stored;
        }
        long minuteEvents = 0;
        for (HourAggregate row : minuteRows) {
            long offset = row.startSecond - key.hour().getEpochSecond();
            if (!row.key.equals(key)
                    || row.spanSeconds != UtcTime.SECONDS_PER_MINUTE
                    || offset < 0
                    || offset >= UtcTime.SECONDS_PER_HOUR
                    || offset % UtcTime.SECONDS_PER_MINUTE != 0) {
                throw new IllegalArgumentException("row " + row.key + " is not a minute of " + key);
            }
            minuteEvents += row.count;
        }
        long hourEvents = stored == null ? 0 : stored.count;
        if (minuteEvents != hourEvents) {
            return stored;
        }
        HourAggregate h = new HourAggregate(key);
        if (stored != null) {
            h.merge(stored);
        }
        h.isFinal = true;
        for (HourAggregate row : minuteRows) {
            int m = (int) ((row.startSecond - key.hour().getEpochSecond()) / UtcTime.SECONDS_PER_MINUTE);
            MinuteBucket b = h.bucket(m);
            b.count += row.count;
            b.errors += row.errors;
            row.errorsByType.forEach(b::addErrorType);
            row.values.forEach((name, v) -> {
                ValueAggregate total = h.values.get(name);
                if (total == null) {
                    throw new IllegalArgumentException(
                            "minute " + row.key + " has a value '" + name + "' its hour has not");
                }
                ValueAggregate perMinute = total.minutes[m];
                if (perMinute == null) {
                    perMinute = total.minutes[m] = new ValueAggregate();
                    b.values.put(name, perMinute);
                }
                perMinute.merge(v);
            });
        }
        h.changedMinutes = 0;
        return h;
    }

    /**
     * The wire form at {@code now}: {@code error_rate} = errors / count (0 without events), {@code
     * rate_per_s} = count / seconds of the span elapsed at {@code now} (at least 1 s, the whole span
     * once final or past), mean = sum / count, percentiles from the sketches; {@code updated_at} is
     * {@code now}. Maps are sorted by name.
     */
    public HourlyMetrics toMetrics(Instant now) {
        double elapsed;
        if (isFinal) {
            elapsed = spanSeconds;
        } else {
            double since = (now.getEpochSecond() - startSecond) + now.getNano() / 1e9;
            elapsed = Math.max(1.0, Math.min(spanSeconds, since));
        }
        Map<String, ValueStats> stats = new TreeMap<>();
        values.forEach((name, v) -> stats.put(name, v.toStats()));
        return new HourlyMetrics(
                key.stream(),
                start(),
                count,
                errors,
                count == 0 ? 0.0 : (double) errors / count,
                new TreeMap<>(errorsByType),
                count / elapsed,
                stats,
                first,
                last,
                lateEvents,
                revision,
                isFinal,
                now);
    }

    /** A deep copy (with minutes if this keeps them). */
    public HourAggregate copy() {
        return deserialize(serialize());
    }

    // ---------------------------------------------------------------------------------------------
    // Serialization

    /**
     * The whole state, minute buckets included, in the binary format described in the package
     * documentation ({@code package-info.java}): what a checkpoint needs to continue exactly.
     */
    public byte[] serialize() {
        return serialize(true);
    }

    /**
     * The state without minute buckets, for storing a closed hour: it restores to an aggregate that
     * keeps no minutes, with the same totals, sketches and metrics.
     */
    public byte[] serializeCompact() {
        return serialize(false);
    }

    private byte[] serialize(boolean withMinutes) {
        Binary.Writer out = new Binary.Writer(256);
        write(out, withMinutes);
        return out.toByteArray();
    }

    void write(Binary.Writer out, boolean withMinutes) {
        boolean writeMinutes = withMinutes && minutesTracked;
        out.writeByte(MAGIC);
        out.writeByte(VERSION);
        out.writeByte((byte) ((isFinal ? FLAG_FINAL : 0) | (writeMinutes ? FLAG_MINUTES : 0)));
        out.writeString(key.stream());
        out.writeSignedVarLong(startSecond);
        out.writeVarLong(spanSeconds);
        out.writeVarLong(count);
        out.writeVarLong(errors);
        out.writeVarLong(lateEvents);
        out.writeVarLong(revision);
        out.writeInstant(first);
        out.writeInstant(last);
        Map<String, Long> types = new TreeMap<>(errorsByType);
        out.writeVarInt(types.size());
        types.forEach((type, n) -> {
            out.writeString(type);
            out.writeVarLong(n);
        });
        Map<String, ValueAggregate> sorted = new TreeMap<>(values);
        out.writeVarInt(sorted.size());
        sorted.forEach((name, v) -> {
            out.writeString(name);
            v.write(out);
        });
        if (writeMinutes) {
            long present = 0;
            if (minutes != null) {
                for (int m = 0; m < UtcTime.MINUTES_PER_HOUR; m++) {
                    if (minutes[m] != null) {
                        present |= 1L << m;
                    }
                }
            }
            out.writeLongLE(present);
            for (int m = 0; m < UtcTime.MINUTES_PER_HOUR; m++) {
                if ((present & (1L << m)) == 0) {
                    continue;
                }
                MinuteBucket b = minutes[m];
                out.writeVarLong(b.count);
                out.writeVarLong(b.errors);
                Map<String, Long> minuteTypes = b.errorsByType == null ? Map.of() : new TreeMap<>(b.errorsByType);
                out.writeVarInt(minuteTypes.size());
                minuteTypes.forEach((type, n) -> {
                    out.writeString(type);
                    out.writeVarLong(n);
                });
                Map<String, ValueAggregate> perMinute = new TreeMap<>(b.values);
                out.writeVarInt(perMinute.size());
                perMinute.forEach((name, v) -> {
                    out.writeString(name);
                    v.write(out);
                });
            }
        }
    }

    /**
     * Restores an aggregate from {@link #serialize()} or {@link #serializeCompact()}.
     *
     * @throws IllegalArgumentException if the bytes are not such a state
     */
    public static HourAggregate deserialize(byte[] bytes) {
        Binary.Reader in = new Binary.Reader(bytes);
        HourAggregate h = read(in);
        in.expectEnd("the hour aggregate");
        return h;
    }

    static HourAggregate read(Binary.Reader in) {
        if (in.readByte() != MAGIC) {
            throw Binary.corrupt("not an hour aggregate");
        }
        byte version = in.readByte();
        if (version != VERSION && version != VERSION_1) {
            throw Binary.corrupt("unknown hour aggregate version " + version);
        }
        int flags = in.readByte();
        if ((flags & ~(FLAG_FINAL | FLAG_MINUTES)) != 0) {
            throw Binary.corrupt("unknown flags " + flags);
        }
        String stream = in.readString();
        long start = in.readSignedVarLong();
        long span = in.readNonNegative();
        boolean withMinutes = (flags & FLAG_MINUTES) != 0;
        HourKey key;
        try {
            key = HourKey.of(stream, Instant.ofEpochSecond(start));
        } catch (RuntimeException e) {
            throw Binary.corrupt(e.getMessage());
        }
        if (withMinutes && key.hour().getEpochSecond() != start) {
            throw Binary.corrupt("an hour with minutes starts at " + start + ", not at the start of an hour");
        }
        if (span <= 0 || (withMinutes && span != UtcTime.SECONDS_PER_HOUR)) {
            throw Binary.corrupt("bad span " + span);
        }
        HourAggregate h = new HourAggregate(key, start, span, withMinutes);
        h.isFinal = (flags & FLAG_FINAL) != 0;
        h.count = in.readNonNegative();
        h.errors = in.readNonNegative();
        h.lateEvents = in.readNonNegative();
        h.revision = in.readNonNegative();
        h.first = in.readInstant();
        h.last = in.readInstant();
        int types = in.readCount(2);
        for (int i = 0; i < types; i++) {
            h.errorsByType.put(in.readString(), in.readNonNegative());
        }
        int names = in.readCount(2);
        for (int i = 0; i < names; i++) {
            String name = in.readString();
            ValueAggregate v = ValueAggregate.read(in);
            if (withMinutes) {
                v.minutes = new ValueAggregate[UtcTime.MINUTES_PER_HOUR];
            }
            h.values.put(name, v);
        }
        if (withMinutes) {
            long present = in.readLongLE();
            if ((present >>> UtcTime.MINUTES_PER_HOUR) != 0) {
                throw Binary.corrupt("bad minute map");
            }
            if (present != 0) {
                h.minutes = new MinuteBucket[UtcTime.MINUTES_PER_HOUR];
            }
            for (int m = 0; m < UtcTime.MINUTES_PER_HOUR; m++) {
                if ((present & (1L << m)) == 0) {
                    continue;
                }
                MinuteBucket b = h.minutes[m] = new MinuteBucket(m);
                b.count = in.readNonNegative();
                b.errors = in.readNonNegative();
                if (version != VERSION_1) {
                    int minuteTypes = in.readCount(2);
                    for (int i = 0; i < minuteTypes; i++) {
                        b.addErrorType(in.readString(), in.readNonNegative());
                    }
                }
                int n = in.readCount(2);
                for (int i = 0; i < n; i++) {
                    String name = in.readString();
                    ValueAggregate total = h.values.get(name);
                    if (total == null || total.minutes[m] != null) {
                        throw Binary.corrupt("minute " + m + " has an unknown or repeated value " + name);
                    }
                    ValueAggregate perMinute = ValueAggregate.read(in);
                    total.minutes[m] = perMinute;
                    b.values.put(name, perMinute);
                }
            }
        }
        return h;
    }
}
