package io.pulseboard.aggregator.preview;

import io.pulseboard.aggregator.aggregation.HourAggregate;
import io.pulseboard.aggregator.aggregation.UtcTime;
import io.pulseboard.aggregator.aggregation.WindowStats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A window of N whole hours sliding forward over one stream's stored hourly rows, as {@link
 * WindowStats#ofHours} would build it at each instant, at O(1) amortized merges per hour the window
 * moves whatever N (up to 168): a two-stack sliding aggregation. The older part of the window is held
 * as suffix merges (hour i to the boundary, for each i), rebuilt once every N hours; the newer part as
 * one running merge; the window is the suffix of its first hour merged with the running part. Merging
 * is exact and order-independent ({@link HourAggregate#merge}), so the window equals a fresh merge of
 * its hours. Instants asked for must not go back; within one hour the merged window is reused.
 */
final class SlidingHours {

    private final String stream;
    private final int hours;
    private final Map<Instant, HourAggregate> rows;
    private final Duration span;

    /** The window's last hour (epoch hour), or Long.MIN_VALUE before the first instant. */
    private long last = Long.MIN_VALUE;
    /** The last hour of the older part: {@code suffix[i]} is hours {@code suffixFrom + i} to it. */
    private long boundary;

    private long suffixFrom;
    private HourAggregate[] suffix;
    /** Hours after {@link #boundary} up to {@link #last}. */
    private HourAggregate newer;
    /** The window's hours as one roll-up, the single part of the windows built in the current hour. */
    private HourAggregate window;

    /** How many merges were made: for tests of the amortized cost. */
    long merges;

    /**
     * @param rows the stream's hourly rows by hour (a missing hour had no events), holding at least the
     *     values the rule reads
     */
    SlidingHours(String stream, int hours, Map<Instant, HourAggregate> rows) {
        if (hours < 2 || hours > WindowStats.MAX_HOURS) {
            throw new IllegalArgumentException("a window of hours is 2 to " + WindowStats.MAX_HOURS + ", not " + hours);
        }
        this.stream = stream;
        this.hours = hours;
        this.rows = rows;
        this.span = Duration.ofHours(hours);
    }

    /** The window of the N hours ending with the hour of {@code end}. */
    WindowStats at(Instant end) {
        long hour = Math.floorDiv(end.getEpochSecond(), UtcTime.SECONDS_PER_HOUR);
        if (hour < last) {
            throw new IllegalArgumentException("the window cannot go back: from hour " + last + " to " + hour);
        }
        if (hour != last) {
            slideTo(hour);
        }
        return WindowStats.ofHours(hours, end, List.of(window));
    }

    private void slideTo(long hour) {
        long first = hour - hours + 1;
        if (last == Long.MIN_VALUE || first > boundary) {
            rebuild(hour);
        } else {
            for (long h = last + 1; h <= hour; h++) {
                HourAggregate row = row(h);
                if (row != null) {
                    newer.merge(row);
                    merges++;
                }
            }
        }
        last = hour;
        window = rollup(first);
        window.merge(suffix[(int) (first - suffixFrom)]);
        window.merge(newer);
        merges += 2;
    }

    /** The older part becomes the whole window (suffix merges from its last hour back), the newer part empty. */
    private void rebuild(long hour) {
        long first = hour - hours + 1;
        boundary = hour;
        suffixFrom = first;
        suffix = new HourAggregate[hours];
        HourAggregate after = null;
        for (long h = hour; h >= first; h--) {
            HourAggregate s = rollup(h);
            if (after != null) {
                s.merge(after);
                merges++;
            }
            HourAggregate row = row(h);
            if (row != null) {
                s.merge(row);
                merges++;
            }
            suffix[(int) (h - first)] = s;
            after = s;
        }
        newer = rollup(hour + 1);
    }

    private HourAggregate row(long hour) {
        return rows.get(Instant.ofEpochSecond(hour * UtcTime.SECONDS_PER_HOUR));
    }

    /** An empty roll-up of N hours from {@code hour}, to merge hours into. */
    private HourAggregate rollup(long hour) {
        return HourAggregate.rollup(stream, Instant.ofEpochSecond(hour * UtcTime.SECONDS_PER_HOUR), span);
    }
}
