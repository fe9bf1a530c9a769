package io.pulseboard.gateway.state;

import io.pulseboard.model.HourlyMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The latest state of each minute of the last {@link #SPAN} per stream, as read from pulse.minutes, each
 * with its JSON ready to send. Not thread-safe: the {@code routing.Hub} guards it. The time comes from the
 * caller, so that tests choose it.
 *
 * <p>A state with a revision not above the one held is stale and ignored, as is a minute that started before
 * the window. Minutes that fall out of the window are dropped by {@link #dropOlder}; a stream holds at most
 * {@link #MAX_PER_STREAM} minutes even between sweeps or with minutes ahead of this clock (the oldest goes).
 * A minute once dropped is not taken back, so the revision of a minute never goes back either.
 */
public final class MinuteWindow {

    /** How far back a minute is kept: one that started at or after {@code now - SPAN}. */
    public static final Duration SPAN = Duration.ofMinutes(60);

    /** The 60 minutes of the span plus the one that started exactly at its edge. */
    public static final int MAX_PER_STREAM = 61;

    /** A minute's state and its JSON (the {@code data} of a {@code minute} frame and an element of a snapshot). */
    public record Minute(HourlyMetrics value, String json) {}

    /** One stream's minutes, oldest first, and the newest minute it dropped (nothing at or before it comes back). */
    private static final class Stream {
        final TreeMap<Instant, Minute> minutes = new TreeMap<>();
        Instant droppedThrough;
    }

    private final Map<String, Stream> streams = new HashMap<>();

    /** Applies a minute state; false when it is stale or outside the window (not news). */
    public boolean apply(HourlyMetrics minute, String json, Instant now) {
        if (minute.hour().isBefore(now.minus(SPAN))) {
            return false;
        }
        Stream stream = streams.get(minute.stream());
        if (stream == null) {
            stream = new Stream();
            streams.put(minute.stream(), stream);
        } else if (stream.droppedThrough != null && !minute.hour().isAfter(stream.droppedThrough)) {
            return false;
        }
        Minute held = stream.minutes.get(minute.hour());
        if (held != null && held.value().revision() >= minute.revision()) {
            return false;
        }
        if (held == null && stream.minutes.size() >= MAX_PER_STREAM) {
            if (minute.hour().isBefore(stream.minutes.firstKey())) {
                return false;
            }
            stream.droppedThrough = stream.minutes.pollFirstEntry().getKey();
        }
        stream.minutes.put(minute.hour(), new Minute(minute, json));
        return true;
    }

    /** The minutes of a stream that started at or after {@code now - SPAN}, oldest first. */
    public List<Minute> recent(String stream, Instant now) {
        Stream held = streams.get(stream);
        return held == null
                ? List.of()
                : new ArrayList<>(held.minutes.tailMap(now.minus(SPAN), true).values());
    }

    /** Drops the minutes that started before {@code now - SPAN}; returns how many. */
    public int dropOlder(Instant now) {
        Instant oldestKept = now.minus(SPAN);
        int dropped = 0;
        for (Iterator<Stream> it = streams.values().iterator(); it.hasNext(); ) {
            Stream stream = it.next();
            NavigableMap<Instant, Minute> old = stream.minutes.headMap(oldestKept, false);
            if (!old.isEmpty()) {
                dropped += old.size();
                stream.droppedThrough = old.lastKey();
                old.clear();
            }
            // An empty stream is forgotten: what it dropped is before the window, which refuses it anyway.
            if (stream.minutes.isEmpty()) {
                it.remove();
            }
        }
        return dropped;
    }

    /** How many minute states are held, all streams together. */
    public int size() {
        int size = 0;
        for (Stream stream : streams.values()) {
            size += stream.minutes.size();
        }
        return size;
    }
}
