package io.pulseboard.aggregator.aggregation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The metrics of one stream over a sliding window: 1 to 60 minutes from the minute buckets of the (at
 * most two) hours it spans, or 2 to 168 whole hours from hour totals.
 *
 * <p>A window of N minutes ending at {@code end} is made of N whole minute buckets: the one that
 * contains {@code end} and the N-1 before it. It starts at {@link #start()}, the start of the
 * first of them; it covers events up to the end of the minute of {@code end}, and {@code rate}
 * divides by the seconds from {@code start} to {@code end} (at least 1), so a window evaluated
 * mid-minute counts the current minute's events so far and its rate is not diluted.
 *
 * <p>A window of N hours is the same with hours: the hour that contains {@code end} and the N-1
 * before it, given as hours or as roll-ups of several of them (what the store gives for the hours
 * no longer in memory). Counts and sums are exact; percentiles come from the merged sketches.
 *
 * <p>Counts are taken at construction; value statistics are merged from the parts the first time a
 * value is asked for, so use a window on the partition's thread right away.
 */
public final class WindowStats {

    /** The longest window of minute buckets, in minutes. */
    public static final int MAX_MINUTES = 60;

    /** The longest window of hours, in hours (7 days). */
    public static final int MAX_HOURS = 168;

    /** What a window is made of: minute buckets, or hours and roll-ups of hours. */
    private record Part(long count, long errors, Function<String, ValueAggregate> values) {}

    private final int minutes;
    private final Instant start;
    private final Instant end;
    private final long count;
    private final long errors;
    private final double seconds;
    private final List<Part> parts;
    private final Map<String, ValueAggregate> values = new HashMap<>(4);

    private WindowStats(int minutes, Instant start, Instant end, List<Part> parts) {
        this.minutes = minutes;
        this.start = start;
        this.end = end;
        this.parts = parts;
        long c = 0;
        long e = 0;
        for (Part p : parts) {
            c += p.count();
            e += p.errors();
        }
        this.count = c;
        this.errors = e;
        double span = (end.getEpochSecond() - start.getEpochSecond()) + (end.getNano() / 1e9);
        this.seconds = Math.max(1.0, span);
    }

    /**
     * The window of {@code minutes} ending at {@code end} over the given hours of one stream. Hours
     * the window does not reach, and nulls, are ignored; a missing hour counts as one without events.
     *
     * @throws IllegalArgumentException for a window outside 1 to 60 minutes, hours of different
     *     streams, or an hour that keeps no minute buckets
     */
    public static WindowStats of(int minutes, Instant end, HourAggregate... hours) {
        Objects.requireNonNull(end, "end");
        if (minutes < 1 || minutes > MAX_MINUTES) {
            throw new IllegalArgumentException("a window is 1 to 60 minutes, not " + minutes);
        }
        String stream = null;
        for (HourAggregate h : hours) {
            if (h == null) {
                continue;
            }
            if (stream == null) {
                stream = h.stream();
            } else if (!stream.equals(h.stream())) {
                throw new IllegalArgumentException("a window is over one stream: " + stream + ", " + h.stream());
            }
            if (!h.minutesTracked()) {
                throw new IllegalArgumentException("the hour " + h.key() + " keeps no minute buckets");
            }
        }
        long lastMinute = Math.floorDiv(end.getEpochSecond(), UtcTime.SECONDS_PER_MINUTE);
        long firstMinute = lastMinute - (minutes - 1);
        List<Part> buckets = new ArrayList<>(minutes);
        for (long minute = firstMinute; minute <= lastMinute; minute++) {
            long second = minute * UtcTime.SECONDS_PER_MINUTE;
            long hourStart = UtcTime.hourStartSecond(second);
            for (HourAggregate h : hours) {
                if (h != null && h.hour().getEpochSecond() == hourStart) {
                    MinuteBucket b = h.minute(UtcTime.minuteOfHour(second));
                    if (b != null) {
                        buckets.add(new Part(b.count, b.errors, b.values::get));
                    }
                    break;
                }
            }
        }
        Instant start = Instant.ofEpochSecond(firstMinute * UtcTime.SECONDS_PER_MINUTE);
        return new WindowStats(minutes, start, end, Collections.unmodifiableList(buckets));
    }

    /**
     * The window of {@code hours} whole hours ending with the hour of {@code end}, over {@code parts}:
     * hours or roll-ups of hours of one stream, that do not overlap. A missing hour counts as one
     * without events.
     *
     * @throws IllegalArgumentException for a window outside 2 to 168 hours, parts of different
     *     streams, or a part not within the window's hours
     */
    public static WindowStats ofHours(int hours, Instant end, Collection<HourAggregate> parts) {
        Objects.requireNonNull(end, "end");
        if (hours < 2 || hours > MAX_HOURS) {
            throw new IllegalArgumentException("a window of hours is 2 to " + MAX_HOURS + " hours, not " + hours);
        }
        Instant start = UtcTime.hourOf(end).minusSeconds((hours - 1L) * UtcTime.SECONDS_PER_HOUR);
        long endSecond = UtcTime.hourOf(end).getEpochSecond() + UtcTime.SECONDS_PER_HOUR;
        String stream = null;
        List<Part> list = new ArrayList<>(parts.size());
        for (HourAggregate h : parts) {
            if (stream == null) {
                stream = h.stream();
            } else if (!stream.equals(h.stream())) {
                throw new IllegalArgumentException("a window is over one stream: " + stream + ", " + h.stream());
            }
            if (h.start().isBefore(start)
                    || h.start().getEpochSecond() + h.span().getSeconds() > endSecond) {
                throw new IllegalArgumentException(
                        "the part from " + h.start() + " for " + h.span() + " is not within the window from " + start);
            }
            list.add(new Part(h.count(), h.errors(), h::value));
        }
        return new WindowStats(hours * 60, start, end, Collections.unmodifiableList(list));
    }

    public int minutes() {
        return minutes;
    }

    /** The start of the first minute of the window. */
    public Instant start() {
        return start;
    }

    public Instant end() {
        return end;
    }

    public long count() {
        return count;
    }

    public long errors() {
        return errors;
    }

    /** Events per second from {@link #start()} to {@link #end()}. */
    public double rate() {
        return count / seconds;
    }

    /** errors / count; NaN without events. */
    public double errorRate() {
        return count == 0 ? Double.NaN : (double) errors / count;
    }

    /** The statistics of a value over the window, or null if no event in it had the value. */
    public ValueAggregate value(String name) {
        if (values.containsKey(name)) {
            return values.get(name);
        }
        ValueAggregate merged = null;
        for (Part p : parts) {
            ValueAggregate v = p.values().apply(name);
            if (v != null) {
                if (merged == null) {
                    merged = new ValueAggregate();
                }
                merged.merge(v);
            }
        }
        values.put(name, merged);
        return merged;
    }

    /**
     * One metric of the alert rule language: {@code count}, {@code rate}, {@code errors}, {@code
     * error_rate} (the value name is ignored), or {@code sum}, {@code mean}, {@code min}, {@code max},
     * {@code p50}, {@code p90}, {@code p95}, {@code p99} of {@code valueName}. NaN when there is no
     * data: no event in the window had the value (or, for {@code error_rate}, no event at all).
     *
     * @throws IllegalArgumentException for an unknown metric, or a value metric without a value name
     */
    public double metric(String metric, String valueName) {
        switch (metric) {
            case "count":
                return count;
            case "rate":
                return rate();
            case "errors":
                return errors;
            case "error_rate":
                return errorRate();
            default:
                break;
        }
        double q;
        switch (metric) {
            case "sum":
            case "mean":
            case "min":
            case "max":
                q = -1;
                break;
            case "p50":
                q = 0.50;
                break;
            case "p90":
                q = 0.90;
                break;
            case "p95":
                q = 0.95;
                break;
            case "p99":
                q = 0.99;
                break;
            default:
                throw new IllegalArgumentException("unknown metric: " + metric);
        }
        if (valueName == null) {
            throw new IllegalArgumentException(metric + " needs a value name");
        }
        ValueAggregate v = value(valueName);
        if (v == null || v.count() == 0) {
            return Double.NaN;
        }
        switch (metric) {
            case "sum":
                return v.sum();
            case "mean":
                return v.mean();
            case "min":
                return v.min();
            case "max":
                return v.max();
            default:
                return v.quantile(q);
        }
    }
}
