package io.pulseboard.aggregator.streams;

import io.pulseboard.aggregator.api.ApiException;
import java.time.Duration;
import java.time.Instant;

/**
 * A validated range of a metrics history: [from, to) aligned to whole steps, so that every row is
 * a whole hour or a whole UTC day.
 */
public record MetricsRange(Instant from, Instant to, Step step) {

    /** Without {@code from}: the last 24 hours (step 1h) or the last 7 days (step 1d) before {@code to}. */
    static final Duration DEFAULT_HOURS = Duration.ofHours(24);
    static final Duration DEFAULT_DAYS = Duration.ofDays(7);

    /**
     * The range the parameters name; {@code to} defaults to now.
     *
     * @throws ApiException (400) for an unreadable time or step, {@code from} not before {@code to},
     *     or a range longer than {@code maxSpan}
     */
    public static MetricsRange parse(String fromParam, String toParam, String stepParam, Instant now, Duration maxSpan) {
        Step step = Step.parse(stepParam);
        Instant to = TimeParam.parse("to", toParam, now);
        if (to == null) {
            to = now;
        }
        Instant from = TimeParam.parse("from", fromParam, now);
        if (from == null) {
            from = to.minus(step == Step.DAY ? DEFAULT_DAYS : DEFAULT_HOURS);
        }
        if (!from.isBefore(to)) {
            throw ApiException.badRequest("from (" + from + ") must be before to (" + to + ")");
        }
        if (Duration.between(from, to).compareTo(maxSpan) > 0) {
            throw ApiException.badRequest("the range from " + from + " to " + to + " is longer than the maximum of "
                    + maxSpan.toDays() + " days; ask for a shorter one");
        }
        return new MetricsRange(step.floor(from), step.ceil(to), step);
    }
}
