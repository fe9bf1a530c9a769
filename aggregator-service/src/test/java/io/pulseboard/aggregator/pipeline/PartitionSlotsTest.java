package io.pulseboard.aggregator.pipeline;

import static io.pulseboard.aggregator.pipeline.Slots.at;
import static io.pulseboard.aggregator.pipeline.Slots.count;
import static io.pulseboard.aggregator.pipeline.Slots.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionSlotsTest {

    private final PartitionSlots slots = new PartitionSlots();
    private final PartitionSlot p1 = Slots.fresh(1);
    private final PartitionSlot p2 = Slots.fresh(2);

    {
        slots.put(p1);
        slots.put(p2);
    }

    @Test
    void aStreamIsOwnedByThePartitionThatCountedItFirst() {
        count(p1, ok("s1", at("10:01:00")), 0, at("10:02:00"));
        assertThat(slots.ownerElsewhere(p2, "s1")).isEqualTo(1);
        assertThat(slots.ownerElsewhere(p1, "s1")).isEqualTo(-1);
        assertThat(slots.ownerElsewhere(p2, "s2")).isEqualTo(-1);
    }

    @Test
    void aStreamWhoseHourWaitsForTheCheckpointIsStillOwned() {
        count(p1, ok("s1", at("10:01:00")), 0, at("10:02:00"));
        p1.state.drainDirty().forEach(p1::changed);
        p1.state.closeHours(at("12:00:00"));
        p1.state.closeHours(at("13:00:00"));
        assertThat(p1.state.holds("s1"))
                .as("closed and gone from the state's memory")
                .isFalse();
        assertThat(slots.ownerElsewhere(p2, "s1")).isEqualTo(1);
        p1.checkpointWritten(1, at("13:00:00"));
        assertThat(slots.ownerElsewhere(p2, "s1")).isEqualTo(-1);
    }

    @Test
    void onlyPartitionsWithSomethingToWriteAreCheckpointed() {
        assertThat(slots.changedSinceCheckpoint()).containsExactlyInAnyOrder(p1, p2);
        p1.checkpointWritten(0, at("10:00:00"));
        p2.checkpointWritten(0, at("10:00:00"));
        assertThat(slots.changedSinceCheckpoint()).isEmpty();
        count(p2, ok("s2", at("10:01:00")), 0, at("10:02:00"));
        assertThat(slots.changedSinceCheckpoint()).containsExactly(p2);
    }

    @Test
    void givenUpPartitionsAreNoLongerOwned() {
        count(p1, ok("s1", at("10:01:00")), 0, at("10:02:00"));
        assertThat(slots.of(List.of(1, 3))).containsExactly(p1);
        slots.removeAll(List.of(1));
        assertThat(slots.get(1)).isNull();
        assertThat(slots.ownerElsewhere(p2, "s1")).isEqualTo(-1);
    }
}
