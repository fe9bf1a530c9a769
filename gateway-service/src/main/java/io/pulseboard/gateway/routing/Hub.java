package io.pulseboard.gateway.routing;

import io.pulseboard.gateway.state.LiveState;
import io.pulseboard.gateway.state.LiveState.Held;
import io.pulseboard.gateway.state.MinuteWindow;
import io.pulseboard.gateway.state.MinuteWindow.Minute;
import io.pulseboard.model.Alert;
import io.pulseboard.model.HourlyMetrics;
import io.pulseboard.model.validation.StreamGlob;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the topics meet the connections: the live state, the routing index of each kind, and every
 * connection's subscriptions, under one lock. Applying an update and routing it happen under that lock,
 * and so does a subscription with its snapshot, so a subscriber gets {@code subscribed}, then the
 * snapshot, then every later update, in that order and without a gap. Delivering only queues (see
 * {@link Subscriber}), so the lock is never held across a socket write.
 *
 * <p>Minutes are kept in a {@link MinuteWindow} of their own; its time is this hub's clock.
 *
 * <p>Sampled events and dead-letter notices are routed, not kept. One name or glob follows a stream's
 * {@code events} or its {@code errors}: subscribing it to one replaces the other. A connection whose
 * subscriptions follow a stream's events through one glob and its errors through another gets the events
 * (they hold the errors), each sample once. {@code dead_letters} gets every notice, whatever the streams.
 */
@ApplicationScoped
public class Hub {

    private static final int MAX_AHEAD = 10_000;

    private final LiveState state = new LiveState();
    private final MinuteWindow minutes = new MinuteWindow();
    private final Clock clock;
    private final Map<Kind, RoutingIndex<Subscriber>> indexes = new EnumMap<>(Kind.class);
    private final Map<Subscriber, Map<String, Subscription>> subscriptions = new HashMap<>();
    /**
     * Per connection, the (stream, hour)s it said it has at a revision this instance does not hold yet
     * (it came from an instance further ahead): states up to that revision are not news to it.
     */
    private final Map<Subscriber, Map<String, Long>> ahead = new HashMap<>();
    /** The connections that get dead-letter notices, with how many of their names and globs ask for them. */
    private final Map<Subscriber, Integer> deadLetters = new HashMap<>();

    private int subscriptionCount;

    /** One name or glob of one connection, with the kinds it delivers. */
    private record Subscription(StreamGlob glob, Set<Kind> kinds) {}

    public Hub() {
        this(Clock.systemUTC());
    }

    /** A hub whose minute window goes by {@code clock} (tests). */
    public Hub(Clock clock) {
        this.clock = clock;
        for (Kind kind : Kind.values()) {
            if (kind != Kind.DEAD_LETTERS) {
                indexes.put(kind, new RoutingIndex<>());
            }
        }
    }

    /** Applies a metrics state and sends it to its subscribers; false when it was stale. */
    public synchronized boolean onMetrics(HourlyMetrics metrics, String frame) {
        boolean isNew = state.isNew(metrics.stream());
        if (!state.apply(metrics, frame)) {
            return false;
        }
        if (isNew) {
            streamAppeared(metrics.stream());
        }
        String key = metricsKey(metrics);
        for (Subscriber subscriber : indexes.get(Kind.METRICS).subscribers(metrics.stream())) {
            if (!alreadyHas(subscriber, key, metrics.revision())) {
                subscriber.deliver(key, frame);
            }
        }
        return true;
    }

    private boolean alreadyHas(Subscriber subscriber, String key, long revision) {
        Map<String, Long> has = ahead.get(subscriber);
        Long revisionHeld = has == null ? null : has.get(key);
        if (revisionHeld == null) {
            return false;
        }
        if (revision <= revisionHeld) {
            return true;
        }
        has.remove(key);
        if (has.isEmpty()) {
            ahead.remove(subscriber);
        }
        return false;
    }

    /**
     * Applies a minute state ({@code json}: its JSON, as sent) and sends it to its subscribers; false when it
     * was stale or outside the window.
     */
    public synchronized boolean onMinute(HourlyMetrics minute, String json) {
        boolean isNew = state.isNew(minute.stream());
        if (!minutes.apply(minute, json, clock.instant())) {
            return false;
        }
        if (isNew) {
            state.addStream(minute.stream());
            streamAppeared(minute.stream());
        }
        String key = minuteKey(minute.stream(), minute.hour());
        String frame = StateFrames.minute(json);
        for (Subscriber subscriber : indexes.get(Kind.MINUTES).subscribers(minute.stream())) {
            subscriber.deliver(key, frame);
        }
        return true;
    }

    /** Applies an alert state change and sends it to its subscribers; false when it was stale. */
    public synchronized boolean onAlert(Alert alert, String frame) {
        boolean isNew = state.isNew(alert.stream());
        if (!state.apply(alert, frame)) {
            return false;
        }
        if (isNew) {
            streamAppeared(alert.stream());
        }
        String key = "a " + LiveState.alertKey(alert);
        for (Subscriber subscriber : indexes.get(Kind.ALERTS).subscribers(alert.stream())) {
            subscriber.deliver(key, frame);
        }
        return true;
    }

    /**
     * Offers a sampled event to every connection that follows its stream: those following its events, then
     * those following its errors only (each connection once).
     */
    public synchronized void onEvent(EventSample sample) {
        if (state.addStream(sample.stream())) {
            streamAppeared(sample.stream());
        }
        Set<Subscriber> events = indexes.get(Kind.EVENTS).subscribers(sample.stream());
        for (Subscriber subscriber : events) {
            subscriber.offerEvent(sample, false);
        }
        for (Subscriber subscriber : indexes.get(Kind.ERRORS).subscribers(sample.stream())) {
            if (!events.contains(subscriber)) {
                subscriber.offerEvent(sample, true);
            }
        }
    }

    /** Sends a dead-letter notice's frame to every connection that asked for them; returns how many. */
    public synchronized int onDeadLetters(String frame) {
        for (Subscriber subscriber : deadLetters.keySet()) {
            // Not conflated: each notice counts the dead letters since the one before.
            subscriber.deliver(null, frame);
        }
        return deadLetters.size();
    }

    private void streamAppeared(String stream) {
        for (RoutingIndex<Subscriber> index : indexes.values()) {
            index.streamAppeared(stream);
        }
    }

    private static String metricsKey(HourlyMetrics metrics) {
        return metricsKey(metrics.stream(), metrics.hour());
    }

    private static String metricsKey(String stream, Instant hour) {
        return metricsKey(stream + "@" + hour);
    }

    /** The conflation key of a (stream, minute): not that of the hour starting at the same instant. */
    private static String minuteKey(String stream, Instant minute) {
        return "min " + stream + "@" + minute;
    }

    /** The conflation key of a stream-hour named as in {@code have}: {@code stream@hour}. */
    private static String metricsKey(String streamAtHour) {
        return "m " + streamAtHour;
    }

    /**
     * Adds subscriptions and delivers {@code answer}, then the open hours and active alerts of every
     * matching stream, leaving out the hours the client {@code has} (as {@code stream@hour}) at the held
     * revision or higher. False (and nothing changed or delivered) when the connection would hold more
     * than {@code maxPatterns} names and globs.
     */
    public synchronized boolean subscribe(
            Subscriber subscriber,
            List<StreamGlob> globs,
            Set<Kind> kinds,
            int maxPatterns,
            Map<String, Long> has,
            String answer) {
        Map<String, Subscription> mine = subscriptions.computeIfAbsent(subscriber, s -> new LinkedHashMap<>());
        long added = globs.stream().filter(g -> !mine.containsKey(g.pattern())).count();
        if (mine.size() + added > maxPatterns) {
            if (mine.isEmpty()) {
                subscriptions.remove(subscriber);
            }
            return false;
        }
        for (StreamGlob glob : globs) {
            Subscription held = mine.get(glob.pattern());
            Set<Kind> now = held == null ? EnumSet.noneOf(Kind.class) : EnumSet.copyOf(held.kinds());
            for (Kind kind : kinds) {
                Kind other = otherFeed(kind);
                if (other != null && now.remove(other)) {
                    unindex(subscriber, glob, other);
                }
                if (now.add(kind)) {
                    index(subscriber, glob, kind);
                }
            }
            if (held == null) {
                subscriptionCount++;
            }
            mine.put(glob.pattern(), new Subscription(glob, now));
        }
        Map<String, Long> hasByKey = new HashMap<>();
        has.forEach((hour, revision) -> hasByKey.put(metricsKey(hour), revision));
        subscriber.deliver(null, answer);
        for (Kind kind : kinds) {
            if (kind.hasSnapshot()) {
                deliverSnapshot(subscriber, kind, globs, hasByKey);
            }
        }
        if (kinds.contains(Kind.METRICS) && !hasByKey.isEmpty()) {
            Map<String, Long> mineAhead = ahead.computeIfAbsent(subscriber, s -> new HashMap<>());
            // Bounded: beyond this a client may get a state it has, which it ignores anyway.
            if (mineAhead.size() + hasByKey.size() <= MAX_AHEAD) {
                mineAhead.putAll(hasByKey);
            }
            if (mineAhead.isEmpty()) {
                ahead.remove(subscriber);
            }
        }
        return true;
    }

    /** {@code events} for {@code errors} and back: what a name or glob stops following when it asks for one. */
    private static Kind otherFeed(Kind kind) {
        return kind == Kind.EVENTS ? Kind.ERRORS : kind == Kind.ERRORS ? Kind.EVENTS : null;
    }

    private void index(Subscriber subscriber, StreamGlob glob, Kind kind) {
        if (kind == Kind.DEAD_LETTERS) {
            deadLetters.merge(subscriber, 1, Integer::sum);
        } else {
            indexes.get(kind).add(subscriber, glob, state.streams());
        }
    }

    private void unindex(Subscriber subscriber, StreamGlob glob, Kind kind) {
        if (kind == Kind.DEAD_LETTERS) {
            deadLetters.computeIfPresent(subscriber, (s, n) -> n > 1 ? n - 1 : null);
        } else {
            indexes.get(kind).remove(subscriber, glob);
        }
    }

    private void deliverSnapshot(Subscriber subscriber, Kind kind, List<StreamGlob> globs, Map<String, Long> has) {
        Set<String> streams = new LinkedHashSet<>();
        for (StreamGlob glob : globs) {
            streams.addAll(indexes.get(kind).matching(glob, state.streams()));
        }
        for (String stream : streams) {
            if (kind == Kind.METRICS) {
                for (Held<HourlyMetrics> hour : state.openHours(stream)) {
                    String key = metricsKey(hour.value());
                    Long revision = has.get(key);
                    if (revision == null || revision < hour.value().revision()) {
                        subscriber.deliver(key, hour.frame());
                    }
                    if (revision != null && revision <= hour.value().revision()) {
                        has.remove(key); // caught up: later states are news
                    }
                }
            } else if (kind == Kind.MINUTES) {
                deliverMinutes(subscriber, stream);
            } else {
                for (Held<Alert> alert : state.activeAlerts(stream)) {
                    subscriber.deliver("a " + LiveState.alertKey(alert.value()), alert.frame());
                }
            }
        }
    }

    /** One frame with the stream's minutes, oldest first, if it has any in the window. */
    private void deliverMinutes(Subscriber subscriber, String stream) {
        List<Minute> recent = minutes.recent(stream, clock.instant());
        if (recent.isEmpty()) {
            return;
        }
        List<String> keys = new ArrayList<>(recent.size());
        List<String> jsons = new ArrayList<>(recent.size());
        for (Minute minute : recent) {
            keys.add(minuteKey(stream, minute.value().hour()));
            jsons.add(minute.json());
        }
        // Keyed by stream, so that a newer snapshot of the stream replaces a waiting one.
        subscriber.deliver("mins " + stream, StateFrames.minutes(stream, jsons), keys);
    }

    /** Removes subscriptions by pattern (unknown ones are ignored) and delivers {@code answer}. */
    public synchronized void unsubscribe(Subscriber subscriber, Collection<String> patterns, String answer) {
        Map<String, Subscription> mine = subscriptions.get(subscriber);
        if (mine != null) {
            for (String pattern : patterns) {
                Subscription held = mine.remove(pattern);
                if (held != null) {
                    unindex(subscriber, held);
                }
            }
            if (mine.isEmpty()) {
                subscriptions.remove(subscriber);
            }
        }
        subscriber.deliver(null, answer);
    }

    /** Forgets a connection that closed. */
    public synchronized void remove(Subscriber subscriber) {
        ahead.remove(subscriber);
        Map<String, Subscription> mine = subscriptions.remove(subscriber);
        if (mine != null) {
            mine.values().forEach(held -> unindex(subscriber, held));
        }
    }

    private void unindex(Subscriber subscriber, Subscription held) {
        for (Kind kind : held.kinds()) {
            unindex(subscriber, held.glob(), kind);
        }
        subscriptionCount--;
    }

    /** Every stream seen so far, sorted. */
    public synchronized List<String> streams() {
        return state.streamList();
    }

    /** Names and globs held by all connections together. */
    public synchronized int subscriptionCount() {
        return subscriptionCount;
    }

    public synchronized int openHourCount() {
        return state.openHourCount();
    }

    /** (stream, minute) states held. */
    public synchronized int minuteCount() {
        return minutes.size();
    }

    public synchronized int activeAlertCount() {
        return state.activeAlertCount();
    }

    /** Drops open hours that ended more than {@code retention} ago without a final message. */
    public synchronized int dropExpiredHours(Instant now, Duration retention) {
        return state.dropExpired(now, retention);
    }

    /** Drops the minutes that fell out of the last 60 (the window also refuses them when they arrive). */
    public synchronized int dropOldMinutes() {
        return minutes.dropOlder(clock.instant());
    }
}
