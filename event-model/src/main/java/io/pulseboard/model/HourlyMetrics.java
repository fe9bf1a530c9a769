package io.pulseboard.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/**
 * The whole state of one (stream, UTC hour): a client that missed updates needs only the latest
 * one, the one with the highest {@code revision}. {@code isFinal} is {@code "final"} in JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record HourlyMetrics(
        String stream,
        Instant hour,
        long count,
        long errors,
        @JsonProperty("error_rate") double errorRate,
        @JsonProperty("errors_by_type") Map<String, Long> errorsByType,
        @JsonProperty("rate_per_s") double ratePerS,
        Map<String, ValueStats> values,
        @JsonProperty("first_event") Instant firstEvent,
        @JsonProperty("last_event") Instant lastEvent,
        @JsonProperty("late_events") long lateEvents,
        long revision,
        @JsonProperty("final") boolean isFinal,
        @JsonProperty("updated_at") Instant updatedAt) {

    public HourlyMetrics {
        errorsByType = OrderedMaps.copyOf(errorsByType);
        values = OrderedMaps.copyOf(values);
    }
}
