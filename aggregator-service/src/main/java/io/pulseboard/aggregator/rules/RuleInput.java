package io.pulseboard.aggregator.rules;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The body of {@code POST /api/rules} and {@code PUT /api/rules/{id}}. Read strictly: a field not
 * listed here (a typo like {@code windw}) is refused. The fields the server sets ({@code id},
 * {@code created_at}, {@code updated_at}, {@code warnings}) are accepted and ignored, so a rule read
 * with GET can be changed and sent back as it is; {@code version} is the version that was read
 * (required on PUT).
 */
public record RuleInput(
        String name,
        String stream,
        String expr,
        String window,
        @JsonProperty("for") String forDuration,
        @JsonProperty("keep_firing_for") String keepFiringFor,
        String resolve,
        String severity,
        Boolean enabled,
        String description,
        Map<String, String> labels,
        String webhook,
        String receiver,
        Long version,
        String id,
        @JsonProperty("created_at") JsonNode createdAt,
        @JsonProperty("updated_at") JsonNode updatedAt,
        JsonNode warnings) {}
