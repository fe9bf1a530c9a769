package io.pulseboard.aggregator.pipeline;

import io.pulseboard.aggregator.aggregation.HourAggregate;
import io.pulseboard.aggregator.aggregation.HourKey;
import io.pulseboard.aggregator.aggregation.PartitionState;
import io.pulseboard.aggregator.deadletters.DeadLetterTally;
import io.pulseboard.aggregator.recent.RecentBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** One assigned partition on the aggregator thread: its state and what is not yet checkpointed. */
final class PartitionSlot {

    final int partition;
    final PartitionState state;
    /** The offset of the next record to count: every record before it is in {@link #state}. */
    long nextOffset;
    /** Stopped by an internal error: its records are skipped and it is no longer checkpointed. */
    boolean failed;
    /** The offset in the last checkpoint (-1: none yet). */
    long checkpointedOffset;
    /** Hours changed since the last checkpoint, to write with the next one (live objects). */
    final Map<HourKey, HourAggregate> unsaved = new LinkedHashMap<>();
    /**
     * Per hour in {@link #unsaved}, the minutes (bit m: minute m) changed since the last checkpoint:
     * their rows go with the next one, and their messages are those sent since.
     */
    final Map<HourKey, Long> unsavedMinutes = new HashMap<>();
    /**
     * Messages to pulse.metrics and pulse.minutes sent since the last checkpoint, not yet known to
     * be acknowledged: per hour, all of its and its minutes' sends.
     */
    final Map<HourKey, CompletableFuture<Void>> metricsSends = new HashMap<>();
    /** Hours whose last message failed: published again at the next flush. */
    final Map<HourKey, HourAggregate> republish = new LinkedHashMap<>();
    /** Dead letters sent since the last checkpoint. */
    final List<DeadLetter> deadLetters = new ArrayList<>();

    /** Recent events counted since the last checkpoint, to write with the next one. */
    final RecentBuffer recent;
    /** Dead letters counted since the last checkpoint, to write with the next one. */
    final DeadLetterTally deadLetterTally = new DeadLetterTally();

    record DeadLetter(ConsumerRecord<byte[], byte[]> record, String reason, CompletableFuture<Void> sent) {}

    PartitionSlot(int partition, PartitionState state, long nextOffset, long checkpointedOffset, RecentBuffer recent) {
        this.partition = partition;
        this.state = state;
        this.recent = recent;
        this.nextOffset = nextOffset;
        this.checkpointedOffset = checkpointedOffset;
    }

    /** Whether anything of {@code stream} waits in this partition's memory or its next checkpoint. */
    boolean holds(String stream) {
        if (state.holds(stream)) {
            return true;
        }
        for (HourKey key : unsaved.keySet()) {
            if (key.stream().equals(stream)) {
                return true;
            }
        }
        return false;
    }

    boolean changedSinceCheckpoint() {
        return nextOffset != checkpointedOffset || !unsaved.isEmpty();
    }

    /**
     * Takes a changed hour drained from the state at a flush: it goes with the next checkpoint, and
     * the message about to be sent replaces any republishing of it.
     *
     * @return its minutes changed since the last flush (bit m: minute m), to publish with it
     */
    long changed(HourAggregate h) {
        unsaved.put(h.key(), h);
        republish.remove(h.key());
        long minutes = h.drainChangedMinutes();
        if (minutes != 0) {
            unsavedMinutes.merge(h.key(), minutes, (a, b) -> a | b);
        }
        return minutes;
    }

    /** The hour's live object: open or recently closed in the state, else changed since the checkpoint; null if neither. */
    HourAggregate live(HourKey key) {
        HourAggregate h = state.find(key);
        return h != null ? h : unsaved.get(key);
    }

    /** A message of the hour was not acknowledged: its state now is published again at the next flush. */
    void sendFailed(HourKey key) {
        HourAggregate h = live(key);
        if (h != null) {
            republish.put(h.key(), h);
        }
    }

    /** The minutes of the hour to publish again with it: those changed since the last checkpoint. */
    long unsavedMinutesOf(HourKey key) {
        return unsavedMinutes.getOrDefault(key, 0L);
    }

    /** A checkpoint up to {@code offset} is written: what it held is forgotten. */
    void checkpointWritten(long offset, Instant now) {
        unsaved.clear();
        unsavedMinutes.clear();
        recent.clear();
        deadLetterTally.written(now);
        checkpointedOffset = offset;
    }
}
