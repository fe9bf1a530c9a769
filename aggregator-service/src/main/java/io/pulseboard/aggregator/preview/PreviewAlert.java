package io.pulseboard.aggregator.preview;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One alert the rule would have raised on a stream: pending from {@code pending_at}, firing from
 * {@code firing_at} (null: still pending at the end of the range), resolved at {@code resolved_at}
 * (null: still live at the end of the range); {@code max_value} is the highest value of the deciding
 * comparison while it was live (null if it never had one).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PreviewAlert(
        @JsonProperty("pending_at") Instant pendingAt,
        @JsonProperty("firing_at") Instant firingAt,
        @JsonProperty("resolved_at") Instant resolvedAt,
        @JsonProperty("max_value") Double maxValue) {}
