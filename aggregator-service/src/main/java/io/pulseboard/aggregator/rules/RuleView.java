package io.pulseboard.aggregator.rules;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.pulseboard.model.AlertRule;
import java.util.List;

/** A rule as answered by a change: the rule's own fields and, when something looks wrong, {@code warnings}. */
public record RuleView(
        @JsonUnwrapped AlertRule rule,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings) {}
