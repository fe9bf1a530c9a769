package io.pulseboard.aggregator.streams;

import io.pulseboard.aggregator.api.ApiException;
import java.time.Duration;
import java.time.Instant;

/**
 * A validated range of a metrics history: [from, to) aligned to whole steps, so that every row is
 * a whole period of the step (a minute, 5 or 15 minutes, an hour, a UTC day).
 */
public record MetricsRange(Instant from, Instant to, Step step) {

    /** The most rows one answer may have (one per step). */
    static final long MAX_POINTS = 10_000;

    /**
     * The range the parameters name; {@code to} defaults to now, {@code from} to the step's default
     * range before {@code to}.
     *
     * @throws ApiException (400) for an unreadable time or step, {@code from} not before {@code to},
     *     a range longer than {@code maxSpan} or of more than {@link #MAX_POINTS} steps, or a minute
     *     step from before {@code now - minuteRetention} (minutes older than that are deleted)
     */
    public static MetricsRange parse(
            String fromParam,
            String toParam,
            String stepParam,
            Instant now,
            Duration maxSpan,
            Duration minuteRetention) {
        Step step = Step.parse(stepParam);
        Instant to = TimeParam.parse("to", toParam, now);
        if (to == null) {
            to = now;
        }
        Instant from = TimeParam.parse("from", fromParam, now);
        if (from == null) {
            from = to.minus(step.defaultRange());
        }
        if (!from.isBefore(to)) {
            throw ApiException.badRequest("from (" + from + ") must be before to (" + to + ")");
        }
        if (Duration.between(from, to).compareTo(maxSpan) > 0) {
            throw ApiException.badRequest("the range from " + from + " to " + to + " is longer than the maximum of "
                    + maxSpan.toDays() + " days; ask for a shorter one");
        }
        Instant retained = now.minus(minuteRetention);
        if (step.fromMinutes() && from.isBefore(retained)) {
            throw ApiException.badRequest("step=" + step + ": minutes are kept for " + describe(minuteRetention)
                    + " (pulse.retention.minutes), so from (" + from + ") must be at or after " + retained
                    + "; use step=1h for older ranges");
        }
        MetricsRange range = new MetricsRange(step.floor(from), step.ceil(to), step);
        long points = Duration.between(range.from(), range.to()).getSeconds()
                / step.length().getSeconds();
        if (points > MAX_POINTS) {
            throw ApiException.badRequest("the range from " + from + " to " + to + " at step=" + step + " has " + points
                    + " steps, more than the maximum of " + MAX_POINTS
                    + " per answer; ask for a shorter range or a larger step");
        }
        return range;
    }

    private static String describe(Duration d) {
        return d.toHours() >= 1 && d.toMinutesPart() == 0 && d.toSecondsPart() == 0 ? d.toHours() + " h" : d.toString();
    }
}
