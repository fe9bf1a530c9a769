package io.pulseboard.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/**
 * One state change of a (rule, stream) pair. Unset times and the acknowledgement are written as
 * explicit nulls, so that a client replacing its copy clears them. {@code value} is null when the
 * metric has no value (a percentile of an hour without data).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Alert(
        String id,
        @JsonProperty("rule_id") String ruleId,
        @JsonProperty("rule_name") String ruleName,
        String stream,
        Severity severity,
        AlertState state,
        String expr,
        Double value,
        double threshold,
        @JsonProperty("pending_at") Instant pendingAt,
        @JsonProperty("firing_at") Instant firingAt,
        @JsonProperty("resolved_at") Instant resolvedAt,
        @JsonProperty("acknowledged_by") String acknowledgedBy,
        @JsonProperty("acknowledged_at") Instant acknowledgedAt,
        String comment,
        Map<String, String> labels,
        long revision) {

    public Alert {
        labels = OrderedMaps.copyOf(labels);
    }
}
