package io.pulseboard.aggregator.pipeline;

import io.pulseboard.aggregator.aggregation.AggregationSettings;
import io.pulseboard.aggregator.streams.ApiConfig;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code pulse.aggregator.*}: how hours close, how often metrics are published and state is checkpointed. */
public interface AggregatorConfig {

    /** An hour closes once event time on its partition, or the wall clock, passes its end plus this. */
    @WithDefault("5m")
    Duration grace();

    /** Events older than this behind the partition's clock go to the DLQ; younger ones correct closed hours. */
    @WithDefault("7d")
    Duration maxLateness();

    /** Events more than this ahead of the wall clock go to the DLQ. */
    @WithDefault("5m")
    Duration maxFutureSkew();

    /** How long a closed hour changed by late events stays in memory after its last change. */
    @WithDefault("10m")
    Duration closedHourRetention();

    /** Changed hours are published to pulse.metrics at most once per this interval (conflation). */
    @WithDefault("100ms")
    Duration flushInterval();

    /**
     * Partition state, offsets and changed hours are checkpointed to PostgreSQL at least this often
     * (while anything changed); the current hour in PostgreSQL is at most about this old.
     */
    @WithDefault("2s")
    Duration persistInterval();

    /**
     * A partition whose checkpoint has failed for this long (PostgreSQL refusing its rows, Kafka
     * refusing its messages) turns readiness DOWN until one succeeds.
     */
    @WithDefault("10s")
    Duration checkpointStallAfter();

    /** How long a checkpoint waits for Kafka to acknowledge the messages it covers. */
    @WithDefault("30s")
    Duration sendTimeout();

    /** How often the consumer lag gauge is refreshed from the log end offsets. */
    @WithDefault("5s")
    Duration lagInterval();

    /** The most distinct value names one stream-hour holds; an event that would add more goes to the DLQ. */
    @WithDefault("100")
    int maxValueNames();

    /** Threads that parse and validate a batch of records before it is counted; 0 for one per processor. */
    @WithDefault("0")
    int parseThreads();

    /** {@code pulse.aggregator.api.*}: bounds of the REST queries. */
    ApiConfig api();

    default AggregationSettings settings() {
        return new AggregationSettings(grace(), maxLateness(), maxFutureSkew(), closedHourRetention(), maxValueNames());
    }
}
