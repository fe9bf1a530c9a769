package io.pulseboard.aggregator.rules;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * {@code pulse.rules.*}: how the rules on pulse.rules are followed, published and repaired. Every
 * instance reads all of pulse.rules (a plain consumer, no group).
 */
public interface RulesConfig {

    /** How long one poll of pulse.rules waits for new records. */
    @WithDefault("200ms")
    Duration pollInterval();

    /** Start-up waits this long for all of pulse.rules; readiness stays DOWN until it is read. */
    @WithDefault("30s")
    Duration startupWait();

    /** How long publishing a rule change waits for Kafka to acknowledge it. */
    @WithDefault("10s")
    Duration sendTimeout();

    /** How often stored rules are compared with pulse.rules. */
    @WithDefault("10s")
    Duration reconcileInterval();

    /**
     * A rule change stored while Kafka was down is published again once it has been missing from
     * pulse.rules for this long (longer than a publish may take).
     */
    @WithDefault("15s")
    Duration reconcileAfter();
}
