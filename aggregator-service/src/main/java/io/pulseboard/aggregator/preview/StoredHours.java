package io.pulseboard.aggregator.preview;

import io.pulseboard.aggregator.aggregation.HourAggregate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One stream's stored minute rows as hours with minute buckets, which {@link io.pulseboard.aggregator.aggregation.WindowStats} reads. */
public final class StoredHours {

    private StoredHours() {}

    /**
     * The hours of {@code minutes} (rows of one stream, as {@code MinuteEntity.toAggregate()} gives
     * them), each rebuilt as a closed hour from its minutes alone: its totals are the sum of its
     * minutes, so {@link HourAggregate#restoreClosed} keeps every minute.
     */
    public static Map<Instant, HourAggregate> of(String stream, List<HourAggregate> minutes) {
        Map<Instant, List<HourAggregate>> byHour = new TreeMap<>();
        for (HourAggregate m : minutes) {
            byHour.computeIfAbsent(m.hour(), h -> new ArrayList<>()).add(m);
        }
        Map<Instant, HourAggregate> hours = new HashMap<>();
        byHour.forEach((hour, rows) -> hours.put(hour, HourAggregate.fromStoredMinutes(stream, hour, rows)));
        return hours;
    }
}
