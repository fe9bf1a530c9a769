package io.pulseboard.aggregator.streams;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code pulse.aggregator.api.*}: bounds of the history and export queries. */
public interface ApiConfig {

    /** The longest range a metrics query or export may ask for. */
    @WithDefault("366d")
    Duration maxRange();

    /** The most hourly rows one export may read (a bound on the memory of one request). */
    @WithDefault("200000")
    long exportMaxRows();
}
