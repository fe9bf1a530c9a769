package io.pulseboard.aggregator.alerts;

import io.pulseboard.model.AlertState;
import java.time.Duration;
import java.time.Instant;

/**
 * The life cycle of one (rule, stream), step by step (see docs/design.md, "Alert rules"):
 *
 * <ul>
 *   <li>inactive, condition true: pending (or firing at once when {@code for} is zero);
 *   <li>pending, condition still true for {@code for}: firing; condition false: inactive again (the
 *       alert ends without having fired);
 *   <li>firing: resolved once it has been <em>clear</em> for {@code keep_firing_for}, clear meaning
 *       the condition is false and the {@code resolve} expression (if the rule has one) is true. Any
 *       evaluation that is not clear starts the wait over, so flapping input keeps it firing.
 * </ul>
 *
 * After inactive or resolved the tracker is done; the next time the condition holds a new alert
 * (new id) starts. Pure: time comes from the caller.
 */
public final class AlertTracker {

    private AlertState state = AlertState.INACTIVE;
    private String alertId;
    private Instant pendingAt;
    private Instant firingAt;
    private Instant clearSince;

    public AlertTracker() {}

    /** A tracker continuing an alert restored from storage. */
    public static AlertTracker restore(String alertId, AlertState state, Instant pendingAt, Instant firingAt) {
        if (state != AlertState.PENDING && state != AlertState.FIRING) {
            throw new IllegalArgumentException("only a pending or firing alert is restored, not " + state);
        }
        AlertTracker t = new AlertTracker();
        t.alertId = alertId;
        t.state = state;
        t.pendingAt = pendingAt;
        t.firingAt = firingAt;
        return t;
    }

    /**
     * One evaluation.
     *
     * @param condition whether the rule's expression holds
     * @param clear whether the alert may resolve: the condition is false and the resolve expression,
     *     if any, holds
     * @param newId the id for a new alert, should one start
     * @return the new state if it changed, else null
     */
    public AlertState step(
            boolean condition,
            boolean clear,
            Duration forDuration,
            Duration keepFiringFor,
            Instant now,
            java.util.function.Supplier<String> newId) {
        switch (state) {
            case INACTIVE, RESOLVED -> {
                if (!condition) {
                    return null;
                }
                alertId = newId.get();
                pendingAt = now;
                firingAt = null;
                clearSince = null;
                if (forDuration.isZero()) {
                    firingAt = now;
                    return state = AlertState.FIRING;
                }
                return state = AlertState.PENDING;
            }
            case PENDING -> {
                if (!condition) {
                    return state = AlertState.INACTIVE;
                }
                if (Duration.between(pendingAt, now).compareTo(forDuration) >= 0) {
                    firingAt = now;
                    return state = AlertState.FIRING;
                }
                return null;
            }
            case FIRING -> {
                if (condition || !clear) {
                    clearSince = null;
                    return null;
                }
                if (clearSince == null) {
                    clearSince = now;
                }
                if (Duration.between(clearSince, now).compareTo(keepFiringFor) >= 0) {
                    return state = AlertState.RESOLVED;
                }
                return null;
            }
            default -> throw new IllegalStateException("unknown state " + state);
        }
    }

    /**
     * Ends a live alert whose rule is gone (deleted, disabled, no longer matching): firing becomes
     * resolved, pending becomes inactive.
     *
     * @return the new state, or null if nothing was live
     */
    public AlertState end() {
        return switch (state) {
            case PENDING -> state = AlertState.INACTIVE;
            case FIRING -> state = AlertState.RESOLVED;
            default -> null;
        };
    }

    /** Pending or firing: an alert is under way. */
    public boolean live() {
        return state == AlertState.PENDING || state == AlertState.FIRING;
    }

    public AlertState state() {
        return state;
    }

    public String alertId() {
        return alertId;
    }

    public Instant pendingAt() {
        return pendingAt;
    }

    public Instant firingAt() {
        return firingAt;
    }
}
