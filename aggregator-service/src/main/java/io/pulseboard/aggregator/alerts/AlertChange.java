package io.pulseboard.aggregator.alerts;

import io.pulseboard.aggregator.rules.CompiledRule;
import io.pulseboard.model.AlertState;
import java.time.Instant;

/**
 * A state change decided by the evaluator, on its way to PostgreSQL, pulse.alerts and the webhook.
 * {@code rule} is null when the rule was deleted: the alert then ends with the rule's fields as stored.
 * {@code value} and {@code threshold} are the two sides of the comparison that decided the outcome
 * ({@link io.pulseboard.aggregator.rules.Expr.Outcome}), null without data; a null threshold keeps the stored one.
 */
record AlertChange(
        String alertId,
        CompiledRule rule,
        String stream,
        int partition,
        AlertState state,
        Double value,
        Double threshold,
        Instant pendingAt,
        Instant firingAt,
        Instant at) {}
