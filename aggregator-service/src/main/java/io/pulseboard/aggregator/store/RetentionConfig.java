package io.pulseboard.aggregator.store;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code pulse.retention.*}: how long stored rows are kept, and how the pruning job deletes them. */
public interface RetentionConfig {

    /** Minute rows are deleted once their minute started this long ago; minute steps reach this far back. */
    @WithDefault("48h")
    Duration minutes();

    /** Hour rows are deleted once their hour started this long ago (far beyond any late event). */
    @WithDefault("400d")
    Duration hours();

    /**
     * Alerts that are neither pending nor firing, with their history, are deleted once their last
     * change is this old; a live alert is kept however old.
     */
    @WithDefault("90d")
    Duration alertHistory();

    /** Dead-letter counts are deleted once their minute started this long ago. */
    @WithDefault("30d")
    Duration deadLetters();

    /** The most rows one delete statement of the pruning job removes (short transactions). */
    @WithDefault("5000")
    int batchSize();

    /** How often the pruning job runs (it deletes batches until nothing is due). */
    @WithDefault("1m")
    Duration interval();
}
