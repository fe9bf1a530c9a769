package io.pulseboard.aggregator.pipeline;

import java.time.Duration;
import java.time.Instant;

/**
 * When the aggregator publishes and checkpoints: a flush once the flush interval has passed since
 * the last, and a checkpoint with a flush once the persist interval has. Only touched on the
 * aggregator thread.
 */
final class Cadence {

    private final Duration flushInterval;
    private final Duration persistInterval;
    private Instant lastFlush = Instant.EPOCH;
    private Instant lastCheckpoint = Instant.EPOCH;

    Cadence(Duration flushInterval, Duration persistInterval) {
        this.flushInterval = flushInterval;
        this.persistInterval = persistInterval;
    }

    boolean flushDue(Instant now) {
        return Duration.between(lastFlush, now).compareTo(flushInterval) >= 0;
    }

    void flushed(Instant now) {
        lastFlush = now;
    }

    /** Asked right after a flush: whether the changed partitions are checkpointed with it. */
    boolean checkpointDue(Instant now) {
        return Duration.between(lastCheckpoint, now).compareTo(persistInterval) >= 0;
    }

    /** Counted as done even when nothing had changed: the next one is due a persist interval later. */
    void checkpointed(Instant now) {
        lastCheckpoint = now;
    }
}
