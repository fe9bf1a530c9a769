package io.pulseboard.aggregator.recent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The recent events of one partition's streams not yet written. A stream keeps its last {@code
 * events} events (any status) and, besides them, its last {@code errors} errors; only those can be
 * among what it keeps after the next write, so nothing older is held: between checkpoints a
 * partition holds at most {@code events + errors} events per stream, however fast they come. Not
 * thread-safe.
 */
public final class RecentBuffer {

    private final int events;
    private final int errors;
    private final Map<String, Rings> streams = new HashMap<>();

    public RecentBuffer(int events, int errors) {
        if (events < 1 || errors < 0) {
            throw new IllegalArgumentException("recent events need events >= 1 and errors >= 0");
        }
        this.events = events;
        this.errors = errors;
    }

    public void add(KeptEvent e) {
        Rings r = streams.computeIfAbsent(e.stream(), s -> new Rings());
        push(r.all, e, events);
        if (e.isError() && errors > 0) {
            push(r.errors, e, errors);
        }
    }

    private static void push(ArrayDeque<KeptEvent> ring, KeptEvent e, int capacity) {
        if (ring.size() == capacity) {
            ring.removeFirst();
        }
        ring.addLast(e);
    }

    public boolean isEmpty() {
        return streams.isEmpty();
    }

    /**
     * What the next write adds, a batch per stream: its last events and last errors, each once, oldest
     * first.
     */
    public List<List<KeptEvent>> batches() {
        List<List<KeptEvent>> out = new ArrayList<>();
        for (Rings r : streams.values()) {
            Set<KeptEvent> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            List<KeptEvent> one = new ArrayList<>();
            for (KeptEvent e : r.errors) {
                if (seen.add(e)) {
                    one.add(e);
                }
            }
            for (KeptEvent e : r.all) {
                if (seen.add(e)) {
                    one.add(e);
                }
            }
            one.sort(Comparator.comparingLong(KeptEvent::offset)); // a stream is on one partition
            out.add(one);
        }
        return out;
    }

    /** Forgets everything: after a write, or when the partition goes. */
    public void clear() {
        streams.clear();
    }

    private static final class Rings {
        final ArrayDeque<KeptEvent> all = new ArrayDeque<>();
        final ArrayDeque<KeptEvent> errors = new ArrayDeque<>();
    }
}
