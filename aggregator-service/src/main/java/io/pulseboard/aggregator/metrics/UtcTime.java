package io.pulseboard.aggregator.metrics;

import java.time.Duration;
import java.time.Instant;

/** UTC hour and minute arithmetic on instants, as the aggregation engine buckets them. */
public final class UtcTime {

  public static final long SECONDS_PER_HOUR = 3600;
  public static final long SECONDS_PER_MINUTE = 60;
  public static final int MINUTES_PER_HOUR = 60;

  private UtcTime() {}

  /** The start of the UTC hour that contains {@code t}. */
  public static Instant hourOf(Instant t) {
    return Instant.ofEpochSecond(hourStartSecond(t.getEpochSecond()));
  }

  /** The start of the UTC minute that contains {@code t}. */
  public static Instant minuteOf(Instant t) {
    return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), SECONDS_PER_MINUTE) * SECONDS_PER_MINUTE);
  }

  /** 0 to 59: the minute of its hour that {@code t} falls in. */
  public static int minuteOfHour(Instant t) {
    return minuteOfHour(t.getEpochSecond());
  }

  static int minuteOfHour(long epochSecond) {
    return (int) (Math.floorMod(epochSecond, SECONDS_PER_HOUR) / SECONDS_PER_MINUTE);
  }

  /** The epoch second at which the hour containing {@code epochSecond} starts. */
  public static long hourStartSecond(long epochSecond) {
    return Math.floorDiv(epochSecond, SECONDS_PER_HOUR) * SECONDS_PER_HOUR;
  }

  /** Whether {@code t} is the start of a UTC hour. */
  public static boolean isHourStart(Instant t) {
    return t.getNano() == 0 && Math.floorMod(t.getEpochSecond(), SECONDS_PER_HOUR) == 0;
  }

  /** A short human form of a duration for reasons and logs: {@code 7d}, {@code 5m}, {@code 1h30m}, {@code 2.5s}. */
  public static String describe(Duration d) {
    if (d.isNegative()) {
      return "-" + describe(d.negated());
    }
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    long days = d.toDays();
    int hours = d.toHoursPart();
    int minutes = d.toMinutesPart();
    int seconds = d.toSecondsPart();
    int millis = d.toMillisPart();
    if (days > 0) out.append(days).append('d');
    if (hours > 0) out.append(hours).append('h');
    if (minutes > 0) out.append(minutes).append('m');
    if (seconds > 0 || millis > 0) {
      out.append(seconds);
      if (millis > 0) {
        out.append('.').append(String.format("%03d", millis).replaceAll("0+$", ""));
      }
      out.append('s');
    }
    return out.length() == 0 ? d.toString() : out.toString();
  }
}
