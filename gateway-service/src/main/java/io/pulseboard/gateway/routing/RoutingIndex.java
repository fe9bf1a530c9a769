package io.pulseboard.gateway.routing;

import io.pulseboard.model.validation.StreamGlob;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Who wants which stream, for one kind of message. An update finds its subscribers with one map lookup:
 * exact names are indexed directly, and each glob is matched once against each stream name (when the
 * glob is first subscribed, and when a new stream first appears), the result kept per stream. So the
 * cost of routing a message is the number of its subscribers, whatever the number of connections and
 * subscriptions.
 *
 * <p>Not thread-safe: the {@link Hub} guards it.
 *
 * @param <S> a subscriber (a connection)
 */
public final class RoutingIndex<S> {

    /** Stream name -> subscriber -> how many of the subscriber's names and globs match it. */
    private final Map<String, Map<S, Integer>> byStream = new HashMap<>();

    /** Glob pattern -> its subscribers and the known streams it matches. */
    private final Map<String, GlobEntry<S>> globs = new HashMap<>();

    private static final class GlobEntry<S> {
        final StreamGlob glob;
        final Set<S> subscribers = new HashSet<>();
        final Set<String> matched = new HashSet<>();

        GlobEntry(StreamGlob glob) {
            this.glob = glob;
        }
    }

    /**
     * Adds a subscription of {@code subscriber} to a name or glob; {@code knownStreams} are the stream
     * names seen so far (matched against a glob new to the index). A subscriber must not add the same
     * pattern twice without removing it in between.
     */
    public void add(S subscriber, StreamGlob pattern, Collection<String> knownStreams) {
        if (pattern.isLiteral()) {
            increment(pattern.pattern(), subscriber);
            return;
        }
        GlobEntry<S> entry = globs.get(pattern.pattern());
        if (entry == null) {
            entry = new GlobEntry<>(pattern);
            for (String stream : knownStreams) {
                if (pattern.matches(stream)) {
                    entry.matched.add(stream);
                }
            }
            globs.put(pattern.pattern(), entry);
        }
        entry.subscribers.add(subscriber);
        for (String stream : entry.matched) {
            increment(stream, subscriber);
        }
    }

    /** Removes a subscription added by {@link #add}. */
    public void remove(S subscriber, StreamGlob pattern) {
        if (pattern.isLiteral()) {
            decrement(pattern.pattern(), subscriber);
            return;
        }
        GlobEntry<S> entry = globs.get(pattern.pattern());
        if (entry == null || !entry.subscribers.remove(subscriber)) {
            return;
        }
        for (String stream : entry.matched) {
            decrement(stream, subscriber);
        }
        if (entry.subscribers.isEmpty()) {
            globs.remove(pattern.pattern());
        }
    }

    /** A stream seen for the first time: the globs that match it start delivering it. */
    public void streamAppeared(String stream) {
        for (GlobEntry<S> entry : globs.values()) {
            if (entry.glob.matches(stream) && entry.matched.add(stream)) {
                for (S subscriber : entry.subscribers) {
                    increment(stream, subscriber);
                }
            }
        }
    }

    /** The subscribers of a stream (a live view: use it before the next change of the index). */
    public Set<S> subscribers(String stream) {
        Map<S, Integer> subscribers = byStream.get(stream);
        return subscribers == null ? Set.of() : subscribers.keySet();
    }

    /** The known streams a pattern matches, for the snapshot of a subscription added just before. */
    public Collection<String> matching(StreamGlob pattern, Set<String> knownStreams) {
        if (pattern.isLiteral()) {
            return knownStreams.contains(pattern.pattern()) ? Set.of(pattern.pattern()) : Set.of();
        }
        GlobEntry<S> entry = globs.get(pattern.pattern());
        return entry == null ? Set.of() : entry.matched;
    }

    /** How many distinct globs are indexed. */
    public int globCount() {
        return globs.size();
    }

    private void increment(String stream, S subscriber) {
        byStream.computeIfAbsent(stream, s -> new LinkedHashMap<>()).merge(subscriber, 1, Integer::sum);
    }

    private void decrement(String stream, S subscriber) {
        Map<S, Integer> subscribers = byStream.get(stream);
        if (subscribers == null) {
            return;
        }
        Integer left = subscribers.computeIfPresent(subscriber, (s, n) -> n > 1 ? n - 1 : null);
        if (left == null && subscribers.isEmpty()) {
            byStream.remove(stream);
        }
    }
}
