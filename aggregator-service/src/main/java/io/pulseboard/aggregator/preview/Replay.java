package io.pulseboard.aggregator.preview;

import io.pulseboard.aggregator.aggregation.HourAggregate;
import io.pulseboard.aggregator.aggregation.UtcTime;
import io.pulseboard.aggregator.aggregation.WindowStats;
import io.pulseboard.aggregator.alerts.AlertTracker;
import io.pulseboard.aggregator.alerts.RuleCheck;
import io.pulseboard.aggregator.rules.CompiledRule;
import io.pulseboard.model.AlertState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A rule replayed on one stream's stored minutes: at {@code from}, {@code from + step}, ... and at
 * {@code to} itself, so that the newest minutes are always evaluated; the window ending at that instant is built from the minute buckets ({@link WindowStats},
 * as the live evaluator builds it), checked ({@link RuleCheck}) and stepped through an {@link
 * AlertTracker}, exactly as the live evaluator does at its evaluation instants. Pure: no clock, no storage.
 */
public final class Replay {

    private Replay() {}

    /**
     * @param hours the stream's hours by start, with minute buckets (see {@link StoredHours}); a missing
     *     hour has no events
     */
    public static StreamPreview of(
            CompiledRule rule,
            String stream,
            Map<Instant, HourAggregate> hours,
            Instant from,
            Instant to,
            Duration step) {
        List<PreviewAlert> alerts = new ArrayList<>();
        AlertTracker tracker = null;
        double maxValue = Double.NaN;
        long firingSeconds = 0;
        for (Instant now = from; now != null; now = next(now, step, to)) {
            Instant hour = UtcTime.hourOf(now);
            WindowStats window = WindowStats.of(
                    rule.windowMinutes(), now, hours.get(hour.minusSeconds(UtcTime.SECONDS_PER_HOUR)), hours.get(hour));
            RuleCheck check = RuleCheck.of(rule, window);
            if (tracker == null) {
                if (!check.condition()) {
                    continue;
                }
                tracker = new AlertTracker();
                maxValue = Double.NaN;
            }
            AlertState changed = tracker.step(
                    check.condition(), check.clear(), rule.forDuration(), rule.keepFiringFor(), now, () -> "preview");
            double value = check.outcome().value();
            if (tracker.live() && !Double.isNaN(value) && !(value <= maxValue)) {
                maxValue = value;
            }
            if (changed == AlertState.RESOLVED) {
                alerts.add(alert(tracker, now, maxValue));
                firingSeconds += Duration.between(tracker.firingAt(), now).toSeconds();
            }
            if (!tracker.live()) {
                tracker = null; // resolved, or pending that ended without firing: not an alert that fired
            }
        }
        if (tracker != null) {
            alerts.add(alert(tracker, null, maxValue));
            if (tracker.firingAt() != null) {
                firingSeconds += Duration.between(tracker.firingAt(), to).toSeconds();
            }
        }
        return new StreamPreview(stream, List.copyOf(alerts), firingSeconds / UtcTime.SECONDS_PER_MINUTE);
    }

    /** How many instants {@link #of} evaluates: every step from {@code from}, and {@code to} if no step falls on it. */
    public static long instants(Instant from, Instant to, Duration step) {
        long steps = Duration.between(from, to).dividedBy(step) + 1;
        return from.plus(step.multipliedBy(steps - 1)).equals(to) ? steps : steps + 1;
    }

    /** The instant after {@code now}: a step later, but {@code to} at the latest; null after {@code to}. */
    private static Instant next(Instant now, Duration step, Instant to) {
        if (!now.isBefore(to)) {
            return null;
        }
        Instant next = now.plus(step);
        return next.isAfter(to) ? to : next;
    }

    private static PreviewAlert alert(AlertTracker tracker, Instant resolvedAt, double maxValue) {
        return new PreviewAlert(
                tracker.pendingAt(), tracker.firingAt(), resolvedAt, Double.isNaN(maxValue) ? null : maxValue);
    }
}
