package io.pulseboard.aggregator.recent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Which stored events a stream still keeps: its last {@code events} events and, besides them, its
 * last {@code errors} errors, in the order they were read. The store holds a stream's batches in the
 * order written; a batch's place is given by what the stream's newer batches hold ({@code
 * newerEvents}, {@code newerErrors}). The pruning in {@link RecentStore} deletes the batches that
 * {@link #mayKeep} refuses and drops the ok events of those that {@link #dropsOk} says keep only
 * errors; the reads filter the rest with {@link #kept}. Pure.
 *
 * <p>The counts are exact although a batch holds only what its checkpoint kept: a batch whose
 * checkpoint read {@code events} events or more holds at least that many, and one that read fewer
 * holds them all (the same for errors), so "newer batches hold at least N" is "at least N were read
 * since". Dropping a batch's ok events (or its oldest errors) leaves its counts as they were, and
 * does not change the place of the errors that stay.
 *
 * <p>What a stream stores is bounded: the batches that may keep ok events hold fewer than {@code
 * events} besides the oldest of them, which holds at most {@code events + errors}; the older ones
 * hold only errors, fewer than {@code errors} besides the oldest, which holds at most {@code errors}:
 * at most {@code 2 × events + 3 × errors} events in all.
 */
public record KeptRule(int events, int errors) {

    /** Whether any event of a batch can still be kept: else the whole batch can go. */
    public boolean mayKeep(long newerEvents, long newerErrors, int batchErrors) {
        return newerEvents < events || (batchErrors > 0 && newerErrors < errors);
    }

    /** Whether a batch that {@link #mayKeep may keep} events keeps none of its ok events. */
    public boolean dropsOk(long newerEvents, long newerErrors, int batchErrors, boolean holdsOk) {
        return newerEvents >= events && mayKeep(newerEvents, newerErrors, batchErrors) && holdsOk;
    }

    /**
     * The kept events of a batch (oldest first, as stored), in the same order. Counting from its end
     * undercounts the events after an error once its ok events are dropped, but then newer batches
     * already hold {@code events}.
     */
    public List<StoredEvent> kept(List<StoredEvent> batch, long newerEvents, long newerErrors) {
        List<StoredEvent> out = new ArrayList<>();
        long after = newerEvents;
        long errorsAfter = newerErrors;
        for (int i = batch.size() - 1; i >= 0; i--) {
            StoredEvent e = batch.get(i);
            if (after < events || (e.error() && errorsAfter < errors)) {
                out.add(e);
            }
            after++;
            errorsAfter += e.error() ? 1 : 0;
        }
        Collections.reverse(out);
        return out;
    }
}
