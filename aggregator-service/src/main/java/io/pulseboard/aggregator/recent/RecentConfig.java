package io.pulseboard.aggregator.recent;

import io.smallrye.config.WithDefault;

/** {@code pulse.recent.*}: how many recent events each stream keeps. */
public interface RecentConfig {

    /** The last events of a stream kept, whatever their status. */
    @WithDefault("200")
    int events();

    /** The last errors of a stream kept besides them. */
    @WithDefault("200")
    int errors();
}
