package io.pulseboard.aggregator.pipeline;

import io.pulseboard.aggregator.aggregation.PartitionState;
import io.pulseboard.aggregator.recent.KeptEvent;
import io.pulseboard.aggregator.recent.RecentBuffer;
import io.pulseboard.model.Event;
import io.pulseboard.model.Status;
import java.time.Instant;
import java.util.Map;

/** Partition slots and events for the decision tests: no Kafka, no PostgreSQL. */
final class Slots {

    static final Instant H10 = Instant.parse("2026-11-22T10:00:00Z");

    private Slots() {}

    static Instant at(String hhmmss) {
        return Instant.parse("2026-11-22T" + hhmmss + "Z");
    }

    /** A partition with no checkpoint yet. */
    static PartitionSlot fresh(int partition) {
        return new PartitionSlot(partition, new PartitionState(), 0, -1, new RecentBuffer(10, 10));
    }

    static Event ok(String stream, Instant time) {
        return new Event(stream, time, Status.OK, null, Map.of("latency_ms", 10.0), Map.of(), null, null);
    }

    /** Counts the event as the aggregator does: into the state, the recent events, and the next offset. */
    static void count(PartitionSlot slot, Event e, long offset, Instant now) {
        slot.state.apply(e, now);
        slot.recent.add(new KeptEvent(slot.partition, offset, now, e));
        slot.nextOffset = offset + 1;
    }
}
