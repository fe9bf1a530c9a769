/**
 * Alert rules: the expression language, validation, storage, and how every instance learns them.
 *
 * <h2>Language</h2>
 *
 * Conditions of comparisons between metrics, numbers and arithmetic, joined with {@code and},
 * {@code or}, {@code not} and parentheses ({@link io.pulseboard.aggregator.rules.ExprParser}, grammar
 * in docs/design.md and at {@code GET /api/rules/grammar}), parsed into the tree of
 * {@link io.pulseboard.aggregator.rules.Expr}; a metric without data makes its comparisons unknown
 * (three-valued logic: a rule fires only on true). A mistake is reported with its offset (from 0) and
 * what was expected there. Durations are a whole number and
 * s, m or h; a window is whole minutes from 1m to 60m (the minute buckets), {@code for} and
 * {@code keep_firing_for} 0s to 24h. {@link io.pulseboard.aggregator.rules.RuleValidator} lists every
 * mistake of a rule at once (problem+json {@code errors}: field, message, position);
 * {@link io.pulseboard.aggregator.rules.RuleWarnings} adds {@code warnings} for a value name no
 * matching stream has reported in the last day, without refusing the rule.
 *
 * <h2>REST</h2>
 *
 * {@code GET/POST /api/rules}, {@code GET/PUT/DELETE /api/rules/{id}}, {@code GET /api/rules/grammar}, {@code POST
 * /api/rules/{id}/enable} and {@code /disable}. Bodies are read strictly: an unknown field is a 400
 * (the wire record {@code AlertRule} itself tolerates unknown fields, for compatible topic readers).
 * Optimistic locking: a PUT carries the {@code version} it read; a rule changed since answers 409.
 *
 * <h2>Distribution</h2>
 *
 * PostgreSQL ({@code pulse_rule}) is the source of truth. After each committed change the rule is
 * published to the compacted {@code pulse.rules} (key: rule id; a tombstone on delete) and the
 * answer waits for Kafka's acknowledgement (503 if it does not come: the change is stored but not
 * applied until repeated). Every instance's {@link io.pulseboard.aggregator.rules.RuleTable} reads the
 * whole topic from the beginning at start-up (start-up waits for it; readiness is DOWN until then)
 * and follows it with a poll of 200 ms, so a change applies everywhere within about a second and a
 * restarted instance has every rule. Should two updates of one rule reach the topic in the other
 * order, the table keeps the higher version.
 */
package io.pulseboard.aggregator.rules;
