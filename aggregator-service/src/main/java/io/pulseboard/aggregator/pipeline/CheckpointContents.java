package io.pulseboard.aggregator.pipeline;

import io.pulseboard.aggregator.aggregation.HourAggregate;
import io.pulseboard.aggregator.checkpoint.CheckpointStore;
import io.pulseboard.aggregator.deadletters.DeadLetter;
import io.pulseboard.aggregator.deadletters.DeadLetterTally;
import io.pulseboard.aggregator.recent.KeptEvent;
import io.pulseboard.aggregator.recent.RecentBatch;
import io.pulseboard.aggregator.store.HourEntity;
import io.pulseboard.aggregator.store.MinuteEntity;
import io.pulseboard.model.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What one checkpoint of some partitions writes, taken from their slots; and its size. */
final class CheckpointContents {

    private CheckpointContents() {}

    /**
     * The rows of every hour and minute the slots changed since their last checkpoint, their recent
     * events and dead letters, and each slot's state with the offset of its next record, for
     * consumer group {@code groupId}. The slots are not changed.
     */
    static Storage.Checkpoint of(String groupId, List<PartitionSlot> slots, Instant now) {
        List<HourEntity> rows = new ArrayList<>();
        List<MinuteEntity> minuteRows = new ArrayList<>();
        List<CheckpointStore.Write> writes = new ArrayList<>();
        List<RecentBatch> recentBatches = new ArrayList<>();
        Map<DeadLetterTally.Key, Long> deadLetterCounts = new HashMap<>();
        List<DeadLetter> letters = new ArrayList<>();
        for (PartitionSlot slot : slots) {
            for (List<KeptEvent> batch : slot.recent.batches()) {
                recentBatches.add(RecentBatch.of(batch));
            }
            slot.deadLetterTally.counts().forEach((k, n) -> deadLetterCounts.merge(k, n, Long::sum));
            letters.addAll(slot.deadLetterTally.last());
            slot.unsaved.values().forEach(h -> rows.add(HourEntity.of(h, now)));
            slot.unsavedMinutes.forEach((key, minutes) -> {
                HourAggregate h = slot.unsaved.get(key);
                for (long bits = minutes; h != null && bits != 0; bits &= bits - 1) {
                    HourAggregate minute = h.minuteAggregate(Long.numberOfTrailingZeros(bits));
                    if (minute != null) {
                        minuteRows.add(MinuteEntity.of(minute, now));
                    }
                }
            });
            writes.add(new CheckpointStore.Write(
                    groupId, Topics.EVENTS, slot.partition, slot.nextOffset, slot.state.serialize()));
        }
        return new Storage.Checkpoint(rows, minuteRows, recentBatches, deadLetterCounts, letters, writes);
    }

    /** Bytes of partition state, hour rows and minute rows (meter {@code pulse.aggregator.checkpoint.size}). */
    static long bytes(Storage.Checkpoint c) {
        long bytes = 0;
        for (CheckpointStore.Write w : c.writes()) {
            bytes += w.state().length;
        }
        for (HourEntity row : c.hours()) {
            bytes += row.aggregate.length;
        }
        for (MinuteEntity row : c.minutes()) {
            bytes += row.aggregate.length;
        }
        return bytes;
    }
}
