package io.pulseboard.aggregator.pipeline;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The slots of the owned partitions, by partition. Only touched on the aggregator thread. */
final class PartitionSlots {

    private final Map<Integer, PartitionSlot> slots = new HashMap<>();

    PartitionSlot get(int partition) {
        return slots.get(partition);
    }

    void put(PartitionSlot slot) {
        slots.put(slot.partition, slot);
    }

    void removeAll(Collection<Integer> partitions) {
        partitions.forEach(slots::remove);
    }

    Collection<PartitionSlot> all() {
        return slots.values();
    }

    /** The slots of those of {@code partitions} that are owned. */
    List<PartitionSlot> of(Collection<Integer> partitions) {
        return partitions.stream().map(slots::get).filter(s -> s != null).toList();
    }

    /** The slots with anything a checkpoint would write: counted records or changed hours since the last. */
    List<PartitionSlot> changedSinceCheckpoint() {
        return slots.values().stream()
                .filter(PartitionSlot::changedSinceCheckpoint)
                .toList();
    }

    /**
     * Another owned partition that holds {@code stream}, or -1. Two partitions counting one stream
     * would each hold a state of the same stream-hour, and checkpoint both; so a stream's records
     * on a second partition are refused (records not keyed by their stream already are, see
     * RecordKeys; this catches records placed on a partition by hand or by another partitioner).
     */
    int ownerElsewhere(PartitionSlot slot, String stream) {
        if (slot.state.holds(stream)) {
            return -1;
        }
        for (PartitionSlot other : slots.values()) {
            if (other != slot && other.holds(stream)) {
                return other.partition;
            }
        }
        return -1;
    }
}
