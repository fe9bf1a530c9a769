package io.pulseboard.aggregator.preview;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The replay of a rule on one stream: the alerts it would have raised, oldest first, and the whole
 * minutes they were firing within the range.
 */
public record StreamPreview(
        String stream,
        List<PreviewAlert> alerts,
        @JsonProperty("firing_minutes") long firingMinutes) {}
