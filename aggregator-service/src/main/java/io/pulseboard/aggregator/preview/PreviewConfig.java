package io.pulseboard.aggregator.preview;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code pulse.preview.*}: how much work one rule preview may ask for. */
public interface PreviewConfig {

    /** The longest range ({@code to - from}) of one preview; the range also stays within the minute rows kept. */
    @WithDefault("30d")
    Duration maxRange();

    /** At most this many matching streams are replayed (the first by name); the answer then says it is truncated. */
    @WithDefault("200")
    int maxStreams();

    /** At most this many evaluations (streams times steps) per preview; more is refused: a shorter range or a longer step. */
    @WithDefault("1000000")
    long maxEvaluations();
}
