package io.pulseboard.aggregator.silences;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code pulse.silences.*}: how far ahead a silence may reach, and how often each instance reads them. */
public interface SilencesConfig {

    /** A silence's {@code ends_at} may be at most this far after its creation (a forgotten silence ends). */
    @WithDefault("30d")
    Duration maxDuration();

    /**
     * How often every instance reads the silences that are not over from PostgreSQL: a silence made
     * or ended through another instance takes effect here within this time (through this one, at once).
     */
    @WithDefault("2s")
    Duration refreshInterval();
}
