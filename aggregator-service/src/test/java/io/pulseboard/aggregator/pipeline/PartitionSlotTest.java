package io.pulseboard.aggregator.pipeline;

import static io.pulseboard.aggregator.pipeline.Slots.H10;
import static io.pulseboard.aggregator.pipeline.Slots.at;
import static io.pulseboard.aggregator.pipeline.Slots.count;
import static io.pulseboard.aggregator.pipeline.Slots.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.pulseboard.aggregator.aggregation.HourAggregate;
import io.pulseboard.aggregator.aggregation.HourKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionSlotTest {

    private static final HourKey S1_H10 = new HourKey("s1", H10);

    private final PartitionSlot slot = Slots.fresh(0);

    /** What a flush does with the slot: drains the changed hours; returns each one's changed minutes. */
    private List<Long> flush() {
        return slot.state.drainDirty().stream().map(slot::changed).toList();
    }

    @Test
    void aFlushedHourAndItsChangedMinutesWaitForTheNextCheckpoint() {
        count(slot, ok("s1", at("10:01:10")), 0, at("10:05:00"));
        count(slot, ok("s1", at("10:03:20")), 1, at("10:05:00"));
        assertThat(flush()).containsExactly(0b1010L);
        assertThat(slot.unsaved).containsOnlyKeys(S1_H10);
        assertThat(slot.unsavedMinutesOf(S1_H10)).isEqualTo(0b1010L);

        count(slot, ok("s1", at("10:04:00")), 2, at("10:05:00"));
        assertThat(flush())
                .as("only the minutes changed since the last flush are published")
                .containsExactly(0b10000L);
        assertThat(slot.unsavedMinutesOf(S1_H10))
                .as("all those since the checkpoint are written")
                .isEqualTo(0b11010L);
        assertThat(slot.changedSinceCheckpoint()).isTrue();
    }

    @Test
    void aWrittenCheckpointForgetsWhatItHeld() {
        count(slot, ok("s1", at("10:01:10")), 7, at("10:05:00"));
        flush();
        slot.checkpointWritten(8, at("10:05:01"));
        assertThat(slot.unsaved).isEmpty();
        assertThat(slot.unsavedMinutesOf(S1_H10)).isZero();
        assertThat(slot.recent.isEmpty()).isTrue();
        assertThat(slot.checkpointedOffset).isEqualTo(8);
        assertThat(slot.changedSinceCheckpoint()).isFalse();
    }

    @Test
    void anHourWhoseMessageFailedIsRepublishedWithItsStateNowUntilItChangesAgain() {
        count(slot, ok("s1", at("10:01:10")), 0, at("10:05:00"));
        flush();
        slot.sendFailed(S1_H10);
        HourAggregate live = slot.state.find(S1_H10);
        assertThat(slot.republish).containsEntry(S1_H10, live);

        count(slot, ok("s1", at("10:02:00")), 1, at("10:05:00"));
        flush();
        assertThat(slot.republish)
                .as("the new message replaces the republishing")
                .isEmpty();
    }

    @Test
    void anHourGoneFromTheStateIsRepublishedFromWhatWaitsForTheCheckpoint() {
        count(slot, ok("s1", at("10:01:10")), 0, at("10:05:00"));
        flush();
        slot.state.closeHours(at("12:00:00"));
        flush();
        slot.state.closeHours(at("13:00:00"));
        assertThat(slot.state.find(S1_H10)).isNull();
        slot.sendFailed(S1_H10);
        assertThat(slot.republish.get(S1_H10)).isSameAs(slot.unsaved.get(S1_H10));
        assertThat(slot.republish.get(S1_H10).isFinal()).isTrue();
    }

    @Test
    void anHourNeitherInTheStateNorUnsavedIsNotRepublished() {
        slot.sendFailed(S1_H10);
        assertThat(slot.republish).isEmpty();
    }

    @Test
    void aSlotHoldsAStreamInItsStateOrInItsNextCheckpoint() {
        assertThat(slot.holds("s1")).isFalse();
        count(slot, ok("s1", at("10:01:10")), 0, at("10:05:00"));
        assertThat(slot.holds("s1")).isTrue();
        assertThat(slot.holds("s2")).isFalse();
    }
}
