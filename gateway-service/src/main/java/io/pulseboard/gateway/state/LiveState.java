package io.pulseboard.gateway.state;

import io.pulseboard.model.Alert;
import io.pulseboard.model.AlertState;
import io.pulseboard.model.HourlyMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The latest HourlyMetrics of every open (stream, hour) and the active alerts, as read from the topics,
 * each with its frame ready to send. Not thread-safe: the {@code routing.Hub} guards it.
 *
 * <p>A state with a revision not above the one held is stale (a duplicate after an aggregator restart)
 * and is ignored. A final hour leaves the open set but its revision is remembered for as long as an open
 * hour of its age would be held, so that an aggregator resuming from an older checkpoint cannot send the
 * hour back to an older state. A resolved alert leaves the active set.
 */
public final class LiveState {

    /** A state and the frame that carries it to clients. */
    public record Held<T>(T value, String frame) {}

    private final Map<String, TreeMap<Instant, Held<HourlyMetrics>>> openHours = new HashMap<>();
    /** The revision of the last final state of each closed hour still within the retention. */
    private final Map<String, TreeMap<Instant, Long>> closedHours = new HashMap<>();

    private final Map<String, Map<String, Held<Alert>>> activeAlerts = new HashMap<>();
    private final NavigableSet<String> streams = new TreeSet<>();

    /** True when this stream name has not been seen before. */
    public boolean isNew(String stream) {
        return !streams.contains(stream);
    }

    /** Notes a stream name seen elsewhere (on pulse.minutes or pulse.samples); true when it is new. */
    public boolean addStream(String stream) {
        return streams.add(stream);
    }

    /**
     * Applies a metrics state; false when it is stale. A final state, or one of an hour not held (late
     * data correcting a closed hour), is not kept but is news for subscribers.
     */
    public boolean apply(HourlyMetrics metrics, String frame) {
        streams.add(metrics.stream());
        TreeMap<Instant, Held<HourlyMetrics>> hours = openHours.get(metrics.stream());
        Held<HourlyMetrics> held = hours == null ? null : hours.get(metrics.hour());
        if (held != null && held.value().revision() >= metrics.revision()) {
            return false;
        }
        TreeMap<Instant, Long> closed = closedHours.get(metrics.stream());
        Long closedRevision = closed == null ? null : closed.get(metrics.hour());
        if (closedRevision != null && closedRevision >= metrics.revision()) {
            return false;
        }
        if (metrics.isFinal()) {
            if (held != null) {
                hours.remove(metrics.hour());
                if (hours.isEmpty()) {
                    openHours.remove(metrics.stream());
                }
            }
            closedHours.computeIfAbsent(metrics.stream(), s -> new TreeMap<>()).put(metrics.hour(), metrics.revision());
        } else {
            if (closed != null) {
                // Reopened with a higher revision than its final one (not what the aggregator does, but then this is
                // the news).
                closed.remove(metrics.hour());
                if (closed.isEmpty()) {
                    closedHours.remove(metrics.stream());
                }
            }
            openHours
                    .computeIfAbsent(metrics.stream(), s -> new TreeMap<>())
                    .put(metrics.hour(), new Held<>(metrics, frame));
        }
        return true;
    }

    /** Applies an alert state change; false when it is stale (same alert, revision not above the held one). */
    public boolean apply(Alert alert, String frame) {
        streams.add(alert.stream());
        Map<String, Held<Alert>> alerts = activeAlerts.get(alert.stream());
        String key = alertKey(alert);
        Held<Alert> held = alerts == null ? null : alerts.get(key);
        if (held != null
                && held.value().id() != null
                && held.value().id().equals(alert.id())
                && held.value().revision() >= alert.revision()) {
            return false;
        }
        if (isActive(alert)) {
            activeAlerts.computeIfAbsent(alert.stream(), s -> new HashMap<>()).put(key, new Held<>(alert, frame));
        } else if (held != null) {
            alerts.remove(key);
            if (alerts.isEmpty()) {
                activeAlerts.remove(alert.stream());
            }
        }
        return true;
    }

    /** The key of an alert, as on pulse.alerts: rule id and stream. */
    public static String alertKey(Alert alert) {
        return alert.ruleId() + "/" + alert.stream();
    }

    private static boolean isActive(Alert alert) {
        return alert.state() == AlertState.PENDING || alert.state() == AlertState.FIRING;
    }

    /**
     * Drops the hours that ended more than {@code retention} before {@code now} without a final message
     * (an aggregator that stopped before closing them).
     */
    public int dropExpired(Instant now, Duration retention) {
        Instant oldestKept = now.minus(retention).minus(Duration.ofHours(1));
        int dropped = 0;
        for (Iterator<TreeMap<Instant, Held<HourlyMetrics>>> it =
                        openHours.values().iterator();
                it.hasNext(); ) {
            TreeMap<Instant, Held<HourlyMetrics>> hours = it.next();
            Map<Instant, Held<HourlyMetrics>> expired = hours.headMap(oldestKept, false);
            dropped += expired.size();
            expired.clear();
            if (hours.isEmpty()) {
                it.remove();
            }
        }
        for (Iterator<TreeMap<Instant, Long>> it = closedHours.values().iterator(); it.hasNext(); ) {
            TreeMap<Instant, Long> hours = it.next();
            hours.headMap(oldestKept, false).clear();
            if (hours.isEmpty()) {
                it.remove();
            }
        }
        return dropped;
    }

    /** The open hours of a stream, oldest first. */
    public Collection<Held<HourlyMetrics>> openHours(String stream) {
        TreeMap<Instant, Held<HourlyMetrics>> hours = openHours.get(stream);
        return hours == null ? List.of() : hours.values();
    }

    /** The active alerts of a stream. */
    public Collection<Held<Alert>> activeAlerts(String stream) {
        Map<String, Held<Alert>> alerts = activeAlerts.get(stream);
        return alerts == null ? List.of() : alerts.values();
    }

    /** Every stream name seen since this instance started reading, sorted. */
    public NavigableSet<String> streams() {
        return Collections.unmodifiableNavigableSet(streams);
    }

    /** How many (stream, hour) are open. */
    public int openHourCount() {
        int count = 0;
        for (TreeMap<Instant, Held<HourlyMetrics>> hours : openHours.values()) {
            count += hours.size();
        }
        return count;
    }

    /** How many alerts are active. */
    public int activeAlertCount() {
        int count = 0;
        for (Map<String, Held<Alert>> alerts : activeAlerts.values()) {
            count += alerts.size();
        }
        return count;
    }

    /** A copy of the stream names, for a message. */
    public List<String> streamList() {
        return new ArrayList<>(streams);
    }
}
