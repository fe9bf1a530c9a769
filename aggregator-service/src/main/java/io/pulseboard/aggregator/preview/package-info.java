/**
 * Rule preview: a rule, not saved, replayed over the stored minute rows (hourly rows for windows over 60 minutes) of the streams it matches,
 * through the live evaluator's own window metrics ({@code aggregation.WindowStats}), check ({@code
 * alerts.RuleCheck}) and state machine ({@code alerts.AlertTracker}), so the preview answers as the
 * live evaluator would have at the same instants with the same events. See docs/design.md, "Rule preview".
 */
package io.pulseboard.aggregator.preview;
