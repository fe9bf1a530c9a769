package io.pulseboard.aggregator.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The aggregator's Micrometer meters (their names are documented: keep them). */
final class AggregatorMeters {

    final Counter consumed;
    final Counter invalid;
    final Counter late;
    final Counter rejected;
    final Counter deadLettered;
    final Timer flushTime;
    final Timer checkpointTime;
    final Counter checkpointFailures;
    final DistributionSummary checkpointSize;

    AggregatorMeters(MeterRegistry registry) {
        this.consumed = Counter.builder("pulse.aggregator.events.consumed")
                .description("Records read from pulse.events")
                .register(registry);
        this.invalid = Counter.builder("pulse.aggregator.events.invalid")
                .description("Records that are no valid event (not JSON, failing validation, too large)")
                .register(registry);
        this.late = Counter.builder("pulse.aggregator.events.late")
                .description("Events counted into an hour that had already closed")
                .register(registry);
        this.rejected = Counter.builder("pulse.aggregator.events.rejected")
                .description(
                        "Valid events not counted: too old, too far in the future, beyond a limit of their hour, or on a second partition of their stream")
                .register(registry);
        this.deadLettered = Counter.builder("pulse.aggregator.events.dead.lettered")
                .description("Records sent to pulse.events.dlq")
                .register(registry);
        this.flushTime = Timer.builder("pulse.aggregator.flush")
                .description("Time to publish the changed hours to pulse.metrics")
                .register(registry);
        this.checkpointTime = Timer.builder("pulse.aggregator.checkpoint")
                .description("Time to write a checkpoint (state, offsets, changed hours) to PostgreSQL")
                .register(registry);
        this.checkpointFailures = Counter.builder("pulse.aggregator.checkpoint.failures")
                .description("Checkpoints of a partition that could not be written (PostgreSQL or Kafka refused)")
                .register(registry);
        this.checkpointSize = DistributionSummary.builder("pulse.aggregator.checkpoint.size")
                .baseUnit("bytes")
                .description("Bytes of partition state, hour rows and minute rows written by one checkpoint")
                .register(registry);
    }

    /** Counts a dead-lettered record as invalid or rejected. */
    void rejected(Rejection r) {
        (r.invalid() ? invalid : rejected).increment();
    }
}
