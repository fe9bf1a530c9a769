package io.pulseboard.aggregator.pipeline;

import static io.pulseboard.aggregator.pipeline.CheckpointStalls.Failure.AGAIN;
import static io.pulseboard.aggregator.pipeline.CheckpointStalls.Failure.FIRST;
import static io.pulseboard.aggregator.pipeline.CheckpointStalls.Failure.STALLED;
import static io.pulseboard.aggregator.pipeline.Slots.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointStallsTest {

    private final CheckpointStalls stalls = new CheckpointStalls(Duration.ofSeconds(10));

    @Test
    void aPartitionStallsOnceItsCheckpointsHaveFailedForTheStallLimit() {
        assertThat(stalls.failed(1, at("10:00:00"))).isEqualTo(FIRST);
        assertThat(stalls.failed(1, at("10:00:09.999"))).isEqualTo(AGAIN);
        assertThat(stalls.stalled()).isEmpty();
        assertThat(stalls.failed(1, at("10:00:10"))).isEqualTo(STALLED);
        assertThat(stalls.failed(1, at("10:00:12"))).isEqualTo(AGAIN);
        assertThat(stalls.stalled()).containsExactly(1);
        assertThat(stalls.failingSince(1)).isEqualTo(at("10:00:00"));
    }

    @Test
    void aWrittenCheckpointEndsTheFailuresAndTheStall() {
        stalls.failed(2, at("10:00:00"));
        stalls.failed(2, at("10:00:30"));
        assertThat(stalls.written(2)).isEqualTo(at("10:00:00"));
        assertThat(stalls.stalled()).isEmpty();
        assertThat(stalls.failingSince(2)).isNull();
        assertThat(stalls.written(2)).isNull();
        assertThat(stalls.failed(2, at("10:01:00"))).isEqualTo(FIRST);
    }

    @Test
    void partitionsFailAndStallEachOnTheirOwn() {
        stalls.failed(3, at("10:00:00"));
        stalls.failed(1, at("10:00:05"));
        assertThat(stalls.failed(3, at("10:00:11"))).isEqualTo(STALLED);
        assertThat(stalls.failed(1, at("10:00:11"))).isEqualTo(AGAIN);
        assertThat(stalls.failed(1, at("10:00:15"))).isEqualTo(STALLED);
        assertThat(stalls.stalled()).containsExactly(1, 3);
    }

    @Test
    void forgottenPartitionsNoLongerStall() {
        stalls.failed(1, at("10:00:00"));
        stalls.failed(1, at("10:00:10"));
        stalls.failed(2, at("10:00:00"));
        stalls.forget(List.of(1, 2));
        assertThat(stalls.stalled()).isEmpty();
        assertThat(stalls.failed(2, at("10:00:20"))).isEqualTo(FIRST);
    }
}
