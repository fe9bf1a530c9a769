package io.pulseboard.aggregator.pipeline;

import static io.pulseboard.aggregator.pipeline.Slots.H10;
import static io.pulseboard.aggregator.pipeline.Slots.at;
import static io.pulseboard.aggregator.pipeline.Slots.count;
import static io.pulseboard.aggregator.pipeline.Slots.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.pulseboard.aggregator.aggregation.HourKey;
import io.pulseboard.aggregator.aggregation.PartitionState;
import io.pulseboard.aggregator.checkpoint.CheckpointStore;
import io.pulseboard.aggregator.recent.RecentBatch;
import io.pulseboard.aggregator.store.HourEntity;
import io.pulseboard.aggregator.store.MinuteEntity;
import io.pulseboard.model.Topics;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointContentsTest {

    private final Instant now = at("10:05:00");
    private final PartitionSlot p1 = Slots.fresh(1);
    private final PartitionSlot p2 = Slots.fresh(2);

    private static void flush(PartitionSlot slot) {
        slot.state.drainDirty().forEach(slot::changed);
    }

    @Test
    void aCheckpointWritesTheChangedHoursAndMinutesAndEachPartitionsStateAndOffset() {
        count(p1, ok("s1", at("10:01:10")), 41, now);
        count(p1, ok("s1", at("10:03:20")), 42, now);
        count(p2, ok("s2", at("10:02:00")), 9, now);
        flush(p1);
        flush(p2);

        Storage.Checkpoint c = CheckpointContents.of("group", List.of(p1, p2), now);

        assertThat(c.hours())
                .extracting(h -> h.stream, h -> h.hour, h -> h.count)
                .containsExactly(tuple("s1", H10, 2L), tuple("s2", H10, 1L));
        assertThat(c.minutes())
                .extracting(m -> m.stream, m -> m.minute)
                .containsExactlyInAnyOrder(
                        tuple("s1", at("10:01:00")), tuple("s1", at("10:03:00")), tuple("s2", at("10:02:00")));
        assertThat(c.writes())
                .extracting(CheckpointStore.Write::partition, CheckpointStore.Write::nextOffset)
                .containsExactly(tuple(1, 43L), tuple(2, 10L));
        assertThat(c.writes()).allSatisfy(w -> {
            assertThat(w.groupId()).isEqualTo("group");
            assertThat(w.topic()).isEqualTo(Topics.EVENTS);
        });
        PartitionState restored = PartitionState.deserialize(c.writes().get(0).state(), p1.state.settings());
        assertThat(restored.find(new HourKey("s1", H10)).count()).isEqualTo(2);
        assertThat(c.recent()).extracting(RecentBatch::stream).containsExactlyInAnyOrder("s1", "s2");
        assertThat(c.deadLetterCounts()).isEmpty();
        assertThat(c.deadLetters()).isEmpty();
    }

    @Test
    void countedButNotYetFlushedHoursWaitForTheNextCheckpointWhileTheOffsetCoversThem() {
        count(p1, ok("s1", at("10:01:10")), 0, now);
        Storage.Checkpoint c = CheckpointContents.of("group", List.of(p1), now);
        assertThat(c.hours()).isEmpty();
        assertThat(c.minutes()).isEmpty();
        assertThat(c.writes()).extracting(CheckpointStore.Write::nextOffset).containsExactly(1L);
        assertThat(PartitionState.deserialize(c.writes().get(0).state(), p1.state.settings())
                        .holds("s1"))
                .isTrue();
    }

    @Test
    void itsSizeIsTheStatesAndTheRows() {
        count(p1, ok("s1", at("10:01:10")), 0, now);
        flush(p1);
        Storage.Checkpoint c = CheckpointContents.of("group", List.of(p1), now);
        long expected = c.writes().get(0).state().length;
        for (HourEntity h : c.hours()) {
            expected += h.aggregate.length;
        }
        for (MinuteEntity m : c.minutes()) {
            expected += m.aggregate.length;
        }
        assertThat(c.hours()).hasSize(1);
        assertThat(c.minutes()).hasSize(1);
        assertThat(CheckpointContents.bytes(c))
                .isEqualTo(expected)
                .isGreaterThan(c.writes().get(0).state().length);
    }
}
