package io.pulseboard.aggregator.recent;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Chooses the events of the live feed: per stream and wall-clock second at most {@code
 * errorsPerSecond} errors and {@code eventsPerSecond} other events, of events received at most
 * {@code maxAge} ago (a catch-up through a backlog is not live). A sample carries what was left out
 * of its stream's feed since the stream's previous sample. Not thread-safe.
 */
public final class Sampler {

    /** A chosen event and the events (and, of them, errors) of its stream left out before it. */
    public record Sample(KeptEvent event, long skipped, long skippedErrors) {}

    private final int eventsPerSecond;
    private final int errorsPerSecond;
    private final Duration maxAge;
    private final Map<String, Window> streams = new HashMap<>();

    public Sampler(int eventsPerSecond, int errorsPerSecond, Duration maxAge) {
        this.eventsPerSecond = eventsPerSecond;
        this.errorsPerSecond = errorsPerSecond;
        this.maxAge = maxAge;
    }

    /** The sample to publish for {@code e}, counted at {@code now}, or null if it is left out. */
    public Sample offer(KeptEvent e, Instant now) {
        if (e.received().isBefore(now.minus(maxAge))) {
            return null; // not live: neither sampled nor counted as left out of the live feed
        }
        long second = now.getEpochSecond();
        Window w = streams.computeIfAbsent(e.stream(), s -> new Window());
        if (w.second != second) {
            w.second = second;
            w.events = 0;
            w.errors = 0;
        }
        boolean error = e.isError();
        boolean take = error ? w.errors < errorsPerSecond : w.events < eventsPerSecond;
        if (!take) {
            w.skipped++;
            if (error) {
                w.skippedErrors++;
            }
            return null;
        }
        if (error) {
            w.errors++;
        } else {
            w.events++;
        }
        Sample s = new Sample(e, w.skipped, w.skippedErrors);
        w.skipped = 0;
        w.skippedErrors = 0;
        return s;
    }

    /**
     * Forgets streams with nothing left out and no sample in the last second, so memory follows the
     * streams that are live. What was left out stays until the stream's next sample, for a minute.
     */
    public void sweep(Instant now) {
        long second = now.getEpochSecond();
        for (Iterator<Window> it = streams.values().iterator(); it.hasNext(); ) {
            Window w = it.next();
            if (w.second < second - 1 && w.skipped == 0 || w.second < second - 60) {
                it.remove();
            }
        }
    }

    /** Streams held (for tests and the bound). */
    public int size() {
        return streams.size();
    }

    private static final class Window {
        long second = Long.MIN_VALUE;
        int events;
        int errors;
        long skipped;
        long skippedErrors;
    }
}
