package io.pulseboard.aggregator.preview;

import io.pulseboard.aggregator.aggregation.HourAggregate;
import io.pulseboard.aggregator.aggregation.UtcTime;
import io.pulseboard.aggregator.aggregation.WindowStats;
import io.pulseboard.aggregator.alerts.RuleCheck;
import io.pulseboard.aggregator.rules.CompiledRule;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The windows a rule reads at each evaluation instant of a replay, from one stream's stored rows: its
 * window ending at that instant and, for each {@code offset}, the same window shifted back by it.
 * Instants are asked for in order (they never go back).
 */
@FunctionalInterface
interface StepWindows {

    /** The rule's windows at {@code now}. */
    RuleCheck.Windows at(Instant now);

    /**
     * Windows of 1 to 60 minutes from minute buckets: the (at most two) hours of each window, as the
     * live evaluator builds them.
     *
     * @param hours the stream's hours by start, with minute buckets (see {@link StoredHours}), covering
     *     every window read, offsets included; a missing hour has no events
     */
    static StepWindows minutes(CompiledRule rule, Map<Instant, HourAggregate> hours) {
        if (rule.hourWindow()) {
            throw new IllegalArgumentException("the window of " + rule.id() + " is whole hours: read hourly rows");
        }
        return now -> offset -> {
            Instant end = now.minus(offset);
            Instant hour = UtcTime.hourOf(end);
            return WindowStats.of(
                    rule.windowMinutes(), end, hours.get(hour.minusSeconds(UtcTime.SECONDS_PER_HOUR)), hours.get(hour));
        };
    }

    /**
     * Windows of whole hours from hourly rows: the hour of the instant (the row as stored, so the whole
     * hour) and the N-1 before it, one {@link SlidingHours} per offset.
     *
     * @param hours the stream's hourly rows by hour, covering every window read, offsets included; a
     *     missing hour has no events
     */
    static StepWindows hours(CompiledRule rule, String stream, Map<Instant, HourAggregate> hours) {
        if (!rule.hourWindow()) {
            throw new IllegalArgumentException("the window of " + rule.id() + " is minutes: read minute rows");
        }
        int n = Math.toIntExact(rule.windowMinutes() / UtcTime.MINUTES_PER_HOUR);
        Map<Duration, SlidingHours> byOffset = new HashMap<>();
        for (Duration offset : rule.offsets()) {
            byOffset.put(offset, new SlidingHours(stream, n, hours));
        }
        return now -> offset -> byOffset.get(offset).at(now.minus(offset));
    }
}
