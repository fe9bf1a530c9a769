package io.pulseboard.aggregator.pipeline;

import static io.pulseboard.aggregator.pipeline.Slots.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CadenceTest {

    private final Cadence cadence = new Cadence(Duration.ofMillis(100), Duration.ofSeconds(2));

    @Test
    void theFirstFlushAndCheckpointAreDueAtOnce() {
        assertThat(cadence.flushDue(at("10:00:00"))).isTrue();
        assertThat(cadence.checkpointDue(at("10:00:00"))).isTrue();
    }

    @Test
    void aFlushIsDueOnceTheFlushIntervalHasPassed() {
        cadence.flushed(at("10:00:00"));
        assertThat(cadence.flushDue(at("10:00:00.099"))).isFalse();
        assertThat(cadence.flushDue(at("10:00:00.100"))).isTrue();
        cadence.flushed(at("10:00:00.100"));
        assertThat(cadence.flushDue(at("10:00:00.150"))).isFalse();
    }

    @Test
    void aCheckpointIsDueOnceThePersistIntervalHasPassedWhateverTheFlushes() {
        cadence.checkpointed(at("10:00:00"));
        cadence.flushed(at("10:00:01.950"));
        assertThat(cadence.checkpointDue(at("10:00:01.999"))).isFalse();
        assertThat(cadence.checkpointDue(at("10:00:02"))).isTrue();
        assertThat(cadence.flushDue(at("10:00:02"))).isFalse();
    }

    @Test
    void aClockGoingBackDoesNotMakeAnythingDue() {
        cadence.flushed(at("10:00:00"));
        cadence.checkpointed(at("10:00:00"));
        assertThat(cadence.flushDue(at("09:59:00"))).isFalse();
        assertThat(cadence.checkpointDue(at("09:59:00"))).isFalse();
    }
}
