package io.pulseboard.aggregator.aggregation;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * One (stream, UTC hour): the unit of the hourly metrics. {@code hour} is the start of the hour.
 * Keys order by hour, then stream.
 */
public record HourKey(String stream, Instant hour) implements Comparable<HourKey> {

    private static final Comparator<HourKey> ORDER =
            Comparator.comparing(HourKey::hour).thenComparing(HourKey::stream);

    public HourKey {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(hour, "hour");
        if (!UtcTime.isHourStart(hour)) {
            throw new IllegalArgumentException("not the start of a UTC hour: " + hour);
        }
    }

    /** The key of the hour that contains {@code time}. */
    public static HourKey of(String stream, Instant time) {
        return new HourKey(stream, UtcTime.hourOf(time));
    }

    /** The end of the hour (exclusive), the start of the next one. */
    public Instant end() {
        return hour.plusSeconds(UtcTime.SECONDS_PER_HOUR);
    }

    /** Whether {@code t} falls in this hour. */
    public boolean contains(Instant t) {
        return !t.isBefore(hour) && t.isBefore(end());
    }

    @Override
    public int compareTo(HourKey other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return stream + "@" + hour;
    }
}
