package io.pulseboard.aggregator.deadletters;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dead letters of one partition not yet written: counts per (minute, stream, reason) and the
 * last {@link #KEPT} letters. At most {@link #MAX_STREAMS_PER_MINUTE} distinct streams are counted
 * per minute; the others are counted under {@link #OTHER}, so a flood of made-up names cannot grow
 * it, and the total stays exact. Not thread-safe.
 */
public final class DeadLetterTally {

    /** How many letters are kept to show. */
    public static final int KEPT = 100;

    public static final int MAX_STREAMS_PER_MINUTE = 1000;

    /** Where the streams beyond the limit of a minute are counted. */
    public static final String OTHER = "__other__";

    /** Counted under no stream: the record had no valid stream name. */
    public static final String NONE = "";

    /** One count to add: dead letters of a stream ("" for none) for a reason in a minute. */
    public record Key(Instant minute, String stream, DeadLetterReason reason) {}

    private final Map<Key, Long> counts = new HashMap<>();
    private final Map<Instant, Set<String>> streamsPerMinute = new HashMap<>();
    private final ArrayDeque<DeadLetter> last = new ArrayDeque<>();

    /** Counts a dead letter, in the minute of its time. */
    public void add(DeadLetter letter) {
        Instant minute = letter.time().truncatedTo(ChronoUnit.MINUTES);
        String stream = letter.stream() == null ? NONE : letter.stream();
        Set<String> seen = streamsPerMinute.computeIfAbsent(minute, m -> new HashSet<>());
        if (!seen.contains(stream)) {
            if (seen.size() >= MAX_STREAMS_PER_MINUTE) {
                stream = OTHER;
            }
            seen.add(stream);
        }
        counts.merge(new Key(minute, stream, letter.reasonCode()), 1L, Long::sum);
        if (last.size() == KEPT) {
            last.removeFirst();
        }
        last.addLast(letter);
    }

    public boolean isEmpty() {
        return counts.isEmpty();
    }

    /** The counts to add to the stored ones. */
    public Map<Key, Long> counts() {
        return Map.copyOf(counts);
    }

    /** The last letters, oldest first. */
    public List<DeadLetter> last() {
        return List.copyOf(last);
    }

    /**
     * Forgets what was written, keeping, for the limit on streams, which streams each minute of the
     * last two has counted.
     */
    public void written(Instant now) {
        counts.clear();
        last.clear();
        Instant keepFrom = now.truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.MINUTES);
        streamsPerMinute.keySet().removeIf(m -> m.isBefore(keepFrom));
    }

    /** Forgets everything (the partition goes). */
    public void clear() {
        counts.clear();
        last.clear();
        streamsPerMinute.clear();
    }
}
