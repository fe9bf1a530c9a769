package io.pulseboard.aggregator.alerts;

import io.pulseboard.aggregator.aggregation.WindowStats;
import io.pulseboard.aggregator.rules.CompiledRule;
import io.pulseboard.aggregator.rules.Expr;

/**
 * One rule over one window, as an {@link AlertTracker} step takes it: whether the condition holds,
 * whether a firing alert may resolve, and the deciding comparison's sides. The live evaluator and the
 * rule preview both decide through this, so a preview over stored minutes answers as the live one did.
 *
 * @param outcome the expression's truth and the deciding comparison's value and threshold (NaN without data)
 * @param condition the expression is TRUE (UNKNOWN, for want of data, does not fire)
 * @param clear the condition is false and the resolve condition holds, or there is none, or it is
 *     unknown for want of data (no data cannot hold an alert up): anything but FALSE
 */
public record RuleCheck(Expr.Outcome outcome, boolean condition, boolean clear) {

    public static RuleCheck of(CompiledRule rule, WindowStats window) {
        Expr.Outcome outcome = rule.expr().evaluate(window::metric);
        boolean condition = outcome.truth() == Expr.Truth.TRUE;
        boolean clear =
                !condition && (rule.resolve() == null || rule.resolve().truth(window::metric) != Expr.Truth.FALSE);
        return new RuleCheck(outcome, condition, clear);
    }
}
