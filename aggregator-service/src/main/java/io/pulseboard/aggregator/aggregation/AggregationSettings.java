package io.pulseboard.aggregator.aggregation;

import io.pulseboard.model.validation.EventLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * How a partition decides what is open, late or rejected.
 *
 * @param grace an hour closes once event time on the partition (the watermark) or the wall clock
 *     passes its end plus this (default 5 min)
 * @param maxLateness events older than this, behind the partition's clock, are rejected (default 7
 *     days); younger events for closed hours are counted into them
 * @param maxFutureSkew events more than this ahead of the wall clock are rejected (default 5 min)
 * @param closedHourRetention a closed hour loaded or changed for a late event stays in memory for
 *     this long after its last change, so that a replay of old events does not load it once per
 *     event (default 10 min). Closed hours also stay while a window of up to 60 minutes can reach
 *     them.
 * @param maxValueNames the most distinct value names one stream-hour holds (default 100): an event
 *     that would add more is rejected, so that no producer can grow an hour's state and its
 *     message without bound
 */
public record AggregationSettings(
        Duration grace, Duration maxLateness, Duration maxFutureSkew, Duration closedHourRetention, int maxValueNames) {

    /** Distinct value names per stream-hour by default. */
    public static final int DEFAULT_MAX_VALUE_NAMES = 100;

    public static final AggregationSettings DEFAULTS = new AggregationSettings(
            Duration.ofMinutes(5),
            Duration.ofDays(7),
            Duration.ofMinutes(5),
            Duration.ofMinutes(10),
            DEFAULT_MAX_VALUE_NAMES);

    public AggregationSettings {
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(maxLateness, "maxLateness");
        Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
        Objects.requireNonNull(closedHourRetention, "closedHourRetention");
        if (grace.isNegative() || maxFutureSkew.isNegative() || closedHourRetention.isNegative()) {
            throw new IllegalArgumentException("grace, future skew and retention must not be negative");
        }
        if (maxLateness.compareTo(grace.plusHours(1)) < 0) {
            throw new IllegalArgumentException(
                    "the maximum lateness (" + maxLateness + ") must cover at least an hour plus the grace period");
        }
        // One event must always fit into a new hour.
        if (maxValueNames < EventLimits.MAX_VALUES) {
            throw new IllegalArgumentException("the most value names per hour must be at least "
                    + EventLimits.MAX_VALUES + " (the most values of one event), not " + maxValueNames);
        }
    }

    public AggregationSettings withGrace(Duration value) {
        return new AggregationSettings(value, maxLateness, maxFutureSkew, closedHourRetention, maxValueNames);
    }

    public AggregationSettings withMaxLateness(Duration value) {
        return new AggregationSettings(grace, value, maxFutureSkew, closedHourRetention, maxValueNames);
    }

    public AggregationSettings withMaxFutureSkew(Duration value) {
        return new AggregationSettings(grace, maxLateness, value, closedHourRetention, maxValueNames);
    }

    public AggregationSettings withClosedHourRetention(Duration value) {
        return new AggregationSettings(grace, maxLateness, maxFutureSkew, value, maxValueNames);
    }

    public AggregationSettings withMaxValueNames(int value) {
        return new AggregationSettings(grace, maxLateness, maxFutureSkew, closedHourRetention, value);
    }
}
