package io.pulseboard.aggregator.support;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * {@code pulse.health.*}: readiness is DOWN while Kafka or PostgreSQL does not answer within these
 * timeouts (Quarkus's own checks are off: they wait 20 s to a minute on a server that accepts
 * connections but does not answer).
 */
public interface HealthConfig {

    /** The longest wait for Kafka's answer to the readiness check (also the admin client's timeouts). */
    @WithDefault("3s")
    Duration kafkaTimeout();

    /** The longest wait for PostgreSQL's answer to the readiness check. */
    @WithDefault("3s")
    Duration databaseTimeout();
}
