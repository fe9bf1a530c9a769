package io.pulseboard.aggregator.preview;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code pulse.preview.*}: how much work one rule preview may ask for. */
public interface PreviewConfig {

    /** The longest range ({@code to - from}) of one preview; its windows also stay within the rows kept (minutes or hours). */
    @WithDefault("30d")
    Duration maxRange();

    /** At most this many matching streams are replayed (the first by name); the answer then says it is truncated. */
    @WithDefault("200")
    int maxStreams();

    /**
     * At most this many evaluations (streams times steps: the rule checked on one stream at one instant, all
     * its windows built) per preview; more is refused: a shorter range or a longer step.
     */
    @WithDefault("1000000")
    long maxEvaluations();
}
