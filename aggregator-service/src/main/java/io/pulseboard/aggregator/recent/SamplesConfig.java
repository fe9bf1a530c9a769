package io.pulseboard.aggregator.recent;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code pulse.samples.*}: the live feed of events on pulse.samples (docs/design.md). */
public interface SamplesConfig {

    /** Whether the aggregator publishes the feed at all. */
    @WithDefault("true")
    boolean enabled();

    /** Per stream and second, at most this many events that are not errors. */
    @WithDefault("10")
    int eventsPerSecond();

    /** Per stream and second, at most this many errors. */
    @WithDefault("50")
    int errorsPerSecond();

    /**
     * How often the samples handed over are sent, in a few records rather than one per sample: the
     * feed's delay, and what keeps its cost small.
     */
    @WithDefault("200ms")
    Duration sendInterval();

    /** Only events received at most this long ago are live. */
    @WithDefault("1m")
    Duration maxAge();
}
