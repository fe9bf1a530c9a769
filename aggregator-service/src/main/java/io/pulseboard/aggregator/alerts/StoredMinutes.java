package io.pulseboard.aggregator.alerts;

import io.pulseboard.aggregator.aggregation.HourAggregate;
import io.pulseboard.aggregator.aggregation.HourKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Stored minute rows of one hour as an hour with minute buckets, which {@link io.pulseboard.aggregator.aggregation.WindowStats} reads. */
final class StoredMinutes {

    private StoredMinutes() {}

    /**
     * The hour of {@code minutes} (rows of one stream and hour, as {@code MinuteEntity.toAggregate()}
     * gives them), rebuilt as a closed hour from those minutes alone: its totals are the sum of its
     * minutes, so {@link HourAggregate#restoreClosed} keeps every minute.
     */
    static HourAggregate hour(String stream, Instant hour, List<HourAggregate> minutes) {
        HourKey key = new HourKey(stream, hour);
        HourAggregate total = HourAggregate.rollup(key, Duration.ofHours(1));
        minutes.forEach(total::merge);
        return HourAggregate.restoreClosed(key, total, minutes);
    }
}
