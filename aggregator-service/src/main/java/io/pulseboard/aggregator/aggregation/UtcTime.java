package io.pulseboard.aggregator.aggregation;

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
}
