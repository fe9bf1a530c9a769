package io.pulseboard.aggregator.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which partitions' checkpoints keep failing: a partition whose checkpoints have failed for longer
 * than the stall limit is stalled (readiness DOWN) until one is written. Failures and writes are
 * noted on the aggregator thread; {@link #stalled()} is read from any thread.
 */
final class CheckpointStalls {

    /** What a failure means, which decides how loudly it is logged. */
    enum Failure {
        /** The first since the last success. */
        FIRST,
        /** Failing for longer than the stall limit, for the first time since the last success. */
        STALLED,
        /** Any other. */
        AGAIN
    }

    private final Duration stallAfter;
    /** Per failing partition, when the first of its failures since its last success happened. */
    private final Map<Integer, Instant> failingSince = new HashMap<>();

    private final Set<Integer> stalled = ConcurrentHashMap.newKeySet();

    CheckpointStalls(Duration stallAfter) {
        this.stallAfter = stallAfter;
    }

    Failure failed(int partition, Instant now) {
        Instant since = failingSince.putIfAbsent(partition, now);
        if (since == null) {
            return Failure.FIRST;
        }
        if (Duration.between(since, now).compareTo(stallAfter) >= 0 && stalled.add(partition)) {
            return Failure.STALLED;
        }
        return Failure.AGAIN;
    }

    /** When the partition's current run of failures began; null while its checkpoints succeed. */
    Instant failingSince(int partition) {
        return failingSince.get(partition);
    }

    /**
     * A checkpoint of the partition is written: it is no longer failing nor stalled.
     *
     * @return when its failures began, or null if it was not failing
     */
    Instant written(int partition) {
        stalled.remove(partition);
        return failingSince.remove(partition);
    }

    /** Partitions given up: their failures no longer count. */
    void forget(Collection<Integer> partitions) {
        partitions.forEach(failingSince::remove);
        stalled.removeAll(partitions);
    }

    /** The stalled partitions in order. Any thread. */
    List<Integer> stalled() {
        return stalled.stream().sorted().toList();
    }
}
