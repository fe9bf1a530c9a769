package io.pulseboard.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/**
 * One state change of a (rule, stream) pair. Unset times and the acknowledgement are written as
 * explicit nulls, so that a client replacing its copy clears them. {@code value} and {@code threshold}
 * are the two sides of the comparison that decided the rule's outcome (for {@code p95(latency_ms) > 500}
 * the p95 and 500; see docs/design.md, "Rule expressions"); {@code value} is null when it has no value
 * (a percentile of a window without data).
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
