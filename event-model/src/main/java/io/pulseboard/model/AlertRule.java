package io.pulseboard.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/**
 * An alert rule as stored, published on {@code pulse.rules} and exchanged over REST. Expressions
 * and durations ({@code "5m"}) are kept as written; checking them is the rule engine's job.
 * {@code version} is for optimistic locking and, like the id and times, is set by the server.
 *
 * <p>The defaults of the contract are applied here, so that every reader sees the same rule: a
 * rule without {@code window} uses 5 minutes, and a rule is enabled unless it says otherwise.
 *
 * <p>{@code receiver} (the name of a notification receiver) came after {@code webhook}: readers
 * ignore fields they do not know, so an older reader takes such a rule without it, and a rule
 * written before has none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AlertRule(
        String id,
        String name,
        String stream,
        String expr,
        String window,
        @JsonProperty("for") String forDuration,
        @JsonProperty("keep_firing_for") String keepFiringFor,
        String resolve,
        Severity severity,
        Boolean enabled,
        String description,
        Map<String, String> labels,
        String webhook,
        String receiver,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt,
        Long version) {

    public static final String DEFAULT_WINDOW = "5m";

    public AlertRule {
        window = window == null ? DEFAULT_WINDOW : window;
        enabled = enabled == null ? Boolean.TRUE : enabled;
        labels = OrderedMaps.copyOf(labels);
    }
}
