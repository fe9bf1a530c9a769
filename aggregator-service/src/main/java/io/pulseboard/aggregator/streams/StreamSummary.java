package io.pulseboard.aggregator.streams;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.pulseboard.model.HourlyMetrics;
import java.time.Instant;

/**
 * A known stream: its last event time and its newest hour. {@code live} is true while that hour
 * is the current UTC hour and still open.
 */
public record StreamSummary(
        String stream,
        @JsonProperty("last_event") Instant lastEvent,
        boolean live,
        @JsonProperty("current_hour") HourlyMetrics currentHour) {}
