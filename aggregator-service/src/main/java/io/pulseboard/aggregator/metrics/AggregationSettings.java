package io.pulseboard.aggregator.metrics;

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
 */
public record AggregationSettings(
    Duration grace, Duration maxLateness, Duration maxFutureSkew, Duration closedHourRetention) {

  public static final AggregationSettings DEFAULTS =
      new AggregationSettings(
          Duration.ofMinutes(5), Duration.ofDays(7), Duration.ofMinutes(5), Duration.ofMinutes(10));

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
  }

  public AggregationSettings withGrace(Duration value) {
    return new AggregationSettings(value, maxLateness, maxFutureSkew, closedHourRetention);
  }

  public AggregationSettings withMaxLateness(Duration value) {
    return new AggregationSettings(grace, value, maxFutureSkew, closedHourRetention);
  }

  public AggregationSettings withMaxFutureSkew(Duration value) {
    return new AggregationSettings(grace, maxLateness, value, closedHourRetention);
  }

  public AggregationSettings withClosedHourRetention(Duration value) {
    return new AggregationSettings(grace, maxLateness, maxFutureSkew, value);
  }
}
