package io.pulseboard.aggregator.pipeline;

import io.pulseboard.aggregator.aggregation.HourKey;
import java.time.Duration;
import java.time.Instant;

/**
 * How a late event's closed hour is found: in the partition's memory if it changed since the last
 * checkpoint, else loaded, with its stored minutes only while they are within the minute retention
 * (older minutes are pruned and no longer kept up to date).
 */
final class LateHours {

    private final Duration minuteRetention;

    LateHours(Duration minuteRetention) {
        this.minuteRetention = minuteRetention;
    }

    /** Whether the stored hour is loaded with its stored minutes. */
    boolean withMinutes(HourKey key, Instant now) {
        return !key.hour().isBefore(now.minus(minuteRetention));
    }
}
