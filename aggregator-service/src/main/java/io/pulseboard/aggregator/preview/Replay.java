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
 * A rule replayed on one stream's stored rows: at {@code from}, {@code from + step}, ... and at
 * {@code to} itself, so that the newest minutes are always evaluated; the windows the rule reads at
 * that instant (its window ending then and, for each {@code offset}, the window that ended that long
 * before) are built from the stored rows ({@link WindowStats}: minute buckets for windows up to 60
 * minutes, hourly rows for longer ones), checked ({@link RuleCheck}) and stepped through an {@link
 * AlertTracker}, exactly as the live evaluator does at its evaluation instants. Pure: no clock, no storage.
 */
public final class Replay {

    private Replay() {}

    /**
     * A rule with a window of 1 to 60 minutes.
     *
     * @param hours the stream's hours by start, with minute buckets (see {@link StoredHours}), covering
     *     every window read (offsets included); a missing hour has no events
     */
    public static StreamPreview of(
            CompiledRule rule,
            String stream,
            Map<Instant, HourAggregate> hours,
            Instant from,
            Instant to,
            Duration step) {
        return of(rule, stream, StepWindows.minutes(rule, hours), from, to, step);
    }

    /**
     * A rule with a window of whole hours.
     *
     * @param hours the stream's hourly rows by hour (the current hour's as last stored), covering every
     *     window read (offsets included), with at least the values the rule reads; a missing hour has no
     *     events
     */
    public static StreamPreview ofHours(
            CompiledRule rule,
            String stream,
            Map<Instant, HourAggregate> hours,
            Instant from,
            Instant to,
            Duration step) {
        return of(rule, stream, StepWindows.hours(rule, stream, hours), from, to, step);
    }

    static StreamPreview of(
            CompiledRule rule, String stream, StepWindows windows, Instant from, Instant to, Duration step) {
        List<PreviewAlert> alerts = new ArrayList<>();
        AlertTracker tracker = null;
        double maxValue = Double.NaN;
        long firingSeconds = 0;
        for (Instant now = from; now != null; now = next(now, step, to)) {
            RuleCheck check = RuleCheck.of(rule, windows.at(now));
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
