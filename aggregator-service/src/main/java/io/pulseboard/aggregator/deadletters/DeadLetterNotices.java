package io.pulseboard.aggregator.deadletters;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gathers the dead letters of this instance into notices for the live feed: at most one per {@link
 * #EVERY}, when there were any since the previous one. Not thread-safe.
 */
public final class DeadLetterNotices {

    static final Duration EVERY = Duration.ofSeconds(1);

    /** What a notice says: how many since the previous notice, by reason code, and the last one. */
    public record Notice(long count, Map<String, Long> byReason, DeadLetter last) {}

    private final Map<String, Long> byReason = new TreeMap<>();
    private long count;
    private DeadLetter last;
    private Instant previous = Instant.EPOCH;

    public void add(DeadLetter letter) {
        count++;
        byReason.merge(letter.reasonCode().code(), 1L, Long::sum);
        last = letter;
    }

    /** The notice to send now, or null: nothing new, or the previous one was sent less than a second ago. */
    public Notice poll(Instant now) {
        if (count == 0 || Duration.between(previous, now).compareTo(EVERY) < 0) {
            return null;
        }
        Notice n = new Notice(count, java.util.Collections.unmodifiableMap(new TreeMap<>(byReason)), last);
        count = 0;
        byReason.clear();
        last = null;
        previous = now;
        return n;
    }
}
