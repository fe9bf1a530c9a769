package io.pulseboard.model.validation;

import io.pulseboard.model.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The event times the aggregator counts, as a producer can check them before it says "accepted":
 * not more than {@code maxFutureSkew} ahead of now, and not older than {@code maxLateness}. The
 * aggregator measures lateness from its partition's clock, which runs up to {@code maxFutureSkew}
 * ahead of now (it follows the newest event), so a producer accepts events from {@code
 * maxLateness - maxFutureSkew} ago on: whatever it accepts, the aggregator counts if it reads it soon.
 */
public record TimeWindow(Duration maxFutureSkew, Duration maxLateness) {

    /** The aggregator's defaults ({@code pulse.aggregator.max-future-skew}, {@code max-lateness}). */
    public static final TimeWindow DEFAULTS = new TimeWindow(Duration.ofMinutes(5), Duration.ofDays(7));

    public TimeWindow {
        Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
        Objects.requireNonNull(maxLateness, "maxLateness");
        if (maxFutureSkew.isNegative() || maxLateness.compareTo(maxFutureSkew) <= 0) {
            throw new IllegalArgumentException("the maximum lateness (" + maxLateness
                    + ") must be longer than the maximum future skew (" + maxFutureSkew + ")");
        }
    }

    /** Why an event at {@code time} is refused at {@code now}, or null if it is in the window. */
    public String violation(Instant time, Instant now) {
        Instant latest = now.plus(maxFutureSkew);
        if (time.isAfter(latest)) {
            return "event time " + time + " is more than " + Durations.describe(maxFutureSkew) + " ahead of the clock ("
                    + now + "): the maximum future skew is " + Durations.describe(maxFutureSkew);
        }
        Instant earliest = now.minus(maxLateness).plus(maxFutureSkew);
        if (time.isBefore(earliest)) {
            return "event time " + time + " is older than the maximum lateness of " + Durations.describe(maxLateness)
                    + ": only events from " + earliest + " on are counted (" + Durations.describe(maxLateness)
                    + " before the clock, "
                    + "less the " + Durations.describe(maxFutureSkew) + " the aggregator's clock may run ahead)";
        }
        return null;
    }
}
