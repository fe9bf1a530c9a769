package io.pulseboard.aggregator.receivers;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/receivers} and {@code PUT /api/receivers/{name}}, read strictly (an
 * unknown field is refused). {@code created_at} and {@code updated_at} are accepted and ignored, so
 * a receiver read with GET can be sent back; {@code version}, if sent on PUT, must be the stored one.
 * A header whose value is null or {@code "***"} keeps its stored value on PUT. Grouping fields left
 * out take their defaults.
 */
public record ReceiverInput(
        String name,
        String url,
        Map<String, String> headers,
        String template,
        @JsonProperty("content_type") String contentType,
        @JsonProperty("group_by") List<String> groupBy,
        @JsonProperty("group_wait") String groupWait,
        @JsonProperty("group_interval") String groupInterval,
        @JsonProperty("repeat_interval") String repeatInterval,
        Long version,
        @JsonProperty("created_at") JsonNode createdAt,
        @JsonProperty("updated_at") JsonNode updatedAt) {}
