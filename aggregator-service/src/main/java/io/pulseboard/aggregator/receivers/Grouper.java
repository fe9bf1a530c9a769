package io.pulseboard.aggregator.receivers;

import io.pulseboard.model.Alert;
import io.pulseboard.model.AlertState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups the firing and resolved alerts handed to receivers (Alertmanager's model): an alert joins
 * the group of its receiver and group key ({@link GroupKeys}). A new group is sent {@code group_wait}
 * after its first alert; after that, a change (an alert joining, firing again or resolving) is sent
 * at most every {@code group_interval}; a group with only firing alerts and no change is sent again
 * every {@code repeat_interval} (never if zero). Each send lists every alert of the group, firing
 * first; resolved alerts are sent once and then leave it, and a group left empty is dropped.
 *
 * <p>Memory is bounded: at most {@code maxGroups} groups and {@code maxAlerts} alerts in a group;
 * an alert beyond either is refused ({@link #add} answers false) for the caller to count.
 *
 * <p>Not thread-safe: one thread adds and asks what is due. Time is passed in, never read here.
 */
public final class Grouper {

    /** A receiver's grouping. */
    public record Settings(List<String> groupBy, Duration groupWait, Duration groupInterval, Duration repeatInterval) {

        public Settings {
            groupBy = List.copyOf(groupBy);
        }
    }

    /** A group to send now: its receiver, key values and alerts (firing first). */
    public record Batch(String receiver, Map<String, String> group, List<Alert> alerts) {

        public Batch {
            group = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(group));
            alerts = List.copyOf(alerts);
        }

        public long firing() {
            return alerts.stream().filter(a -> a.state() == AlertState.FIRING).count();
        }

        public long resolved() {
            return alerts.size() - firing();
        }

        /** For logs: the receiver, key and size; never the alerts' data. */
        public String describe() {
            return "group " + group + " of receiver " + receiver + " (" + firing() + " firing, " + resolved()
                    + " resolved)";
        }
    }

    private record Id(String receiver, List<String> values) {}

    private record Member(Alert alert, int partition) {}

    private static final class Group {
        final String receiver;
        final Map<String, String> key;
        final Instant started;
        final Map<String, Member> alerts = new LinkedHashMap<>();
        Settings settings;
        Instant lastSent;
        boolean changed;

        Group(String receiver, Map<String, String> key, Instant started) {
            this.receiver = receiver;
            this.key = key;
            this.started = started;
        }

        boolean due(Instant now) {
            if (lastSent == null) {
                return !now.isBefore(started.plus(settings.groupWait()));
            }
            if (changed) {
                return !now.isBefore(lastSent.plus(settings.groupInterval()));
            }
            return !settings.repeatInterval().isZero()
                    && alerts.values().stream().anyMatch(m -> m.alert().state() == AlertState.FIRING)
                    && !now.isBefore(lastSent.plus(settings.repeatInterval()));
        }
    }

    /** Firing alerts first, then by stream: the order templates list them in. */
    public static final Comparator<Alert> ORDER = Comparator.<Alert, Boolean>comparing(
                    a -> a.state() != AlertState.FIRING)
            .thenComparing(Alert::stream, Comparator.nullsLast(Comparator.naturalOrder()));

    private final int maxGroups;
    private final int maxAlerts;
    private final Map<Id, Group> groups = new LinkedHashMap<>();
    /** The group each alert is in: an alert whose rule now names another receiver leaves the old group. */
    private final Map<String, Id> groupOf = new HashMap<>();

    public Grouper(int maxGroups, int maxAlerts) {
        this.maxGroups = maxGroups;
        this.maxAlerts = maxAlerts;
    }

    /**
     * Adds a firing or resolved alert (other states are ignored) of the stream's {@code partition}
     * to its group, which uses the latest settings given. False if a cap refused it.
     */
    public boolean add(String receiver, Settings settings, Alert alert, int partition, Instant now) {
        if (alert.state() != AlertState.FIRING && alert.state() != AlertState.RESOLVED) {
            return true;
        }
        Map<String, String> key = GroupKeys.of(settings.groupBy(), alert);
        Id id = new Id(receiver, List.copyOf(key.values()));
        Id was = groupOf.get(alert.id());
        if (was != null && !was.equals(id)) {
            drop(alert.id());
        }
        Group group = groups.get(id);
        if (group == null) {
            if (groups.size() >= maxGroups) {
                return false;
            }
            group = new Group(receiver, key, now);
            groups.put(id, group);
        } else if (!group.alerts.containsKey(alert.id()) && group.alerts.size() >= maxAlerts) {
            return false;
        }
        group.settings = settings;
        group.alerts.put(alert.id(), new Member(alert, partition));
        groupOf.put(alert.id(), id);
        group.changed = true;
        return true;
    }

    /** The groups due at {@code now}, each marked sent; resolved alerts leave them, empty groups are dropped. */
    public List<Batch> due(Instant now) {
        List<Batch> out = new ArrayList<>();
        for (Iterator<Group> it = groups.values().iterator(); it.hasNext(); ) {
            Group g = it.next();
            if (!g.due(now)) {
                continue;
            }
            List<Alert> alerts = new ArrayList<>(
                    g.alerts.values().stream().map(Member::alert).toList());
            alerts.sort(ORDER);
            out.add(new Batch(g.receiver, g.key, alerts));
            g.alerts.values().removeIf(m -> {
                boolean resolved = m.alert().state() == AlertState.RESOLVED;
                if (resolved) {
                    groupOf.remove(m.alert().id());
                }
                return resolved;
            });
            g.lastSent = now;
            g.changed = false;
            if (g.alerts.isEmpty()) {
                it.remove();
            }
        }
        return out;
    }

    /** Drops the alerts of partitions given up: their next owner reports their changes. */
    public void forget(Collection<Integer> partitions) {
        for (Iterator<Group> it = groups.values().iterator(); it.hasNext(); ) {
            Group g = it.next();
            g.alerts.values().removeIf(m -> {
                boolean gone = partitions.contains(m.partition());
                if (gone) {
                    groupOf.remove(m.alert().id());
                }
                return gone;
            });
            if (g.alerts.isEmpty()) {
                it.remove();
            }
        }
    }

    /** Takes the alert out of its group, unsent (its rule was deleted, or names another receiver now). */
    public void drop(String alertId) {
        Id id = groupOf.remove(alertId);
        Group g = id == null ? null : groups.get(id);
        if (g != null) {
            g.alerts.remove(alertId);
            if (g.alerts.isEmpty()) {
                groups.remove(id);
            }
        }
    }

    /** How many groups are held. */
    public int groups() {
        return groups.size();
    }
}
