package io.pulseboard.aggregator.pipeline;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN while a partition is stopped by an internal error (it resumes from its checkpoint after a
 * restart), or while a partition's checkpoints keep failing (see AggregatorConfig#checkpointStallAfter).
 */
@Readiness
@ApplicationScoped
public class PartitionsHealthCheck implements HealthCheck {

    private final Aggregator aggregator;

    public PartitionsHealthCheck(Aggregator aggregator) {
        this.aggregator = aggregator;
    }

    @Override
    public HealthCheckResponse call() {
        List<Integer> failed = aggregator.failedPartitions();
        List<Integer> stalled = aggregator.stalledPartitions();
        return HealthCheckResponse.named("Pulseboard aggregation")
                .status(failed.isEmpty() && stalled.isEmpty())
                .withData("failed_partitions", failed.toString())
                .withData("stalled_partitions", stalled.toString())
                .build();
    }
}
