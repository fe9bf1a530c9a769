package io.pulseboard.aggregator.alerts;

import io.pulseboard.aggregator.aggregation.WindowStats;
import io.pulseboard.aggregator.rules.CompiledRule;
import io.pulseboard.aggregator.rules.Expr;
import java.time.Duration;
import java.util.List;

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

    /** The windows a rule reads: its window ending now, shifted back by an offset ({@link Duration#ZERO} for none). */
    @FunctionalInterface
    public interface Windows {
        /** The window, or null when it is not at hand (yet): an earlier one still being read from storage. */
        WindowStats at(Duration offset);
    }

    /** The check of a rule over its windows; null when one of them is not at hand, so nothing can be decided now. */
    public static RuleCheck of(CompiledRule rule, Windows windows) {
        List<Duration> offsets = rule.offsets();
        WindowStats[] at = new WindowStats[offsets.size()];
        for (int i = 0; i < at.length; i++) {
            at[i] = windows.at(offsets.get(i));
            if (at[i] == null) {
                return null;
            }
        }
        Expr.Metrics metrics = m -> at[offsets.indexOf(m.offset())].metric(m.metric(), m.valueName());
        Expr.Outcome outcome = rule.expr().evaluate(metrics);
        boolean condition = outcome.truth() == Expr.Truth.TRUE;
        boolean clear = !condition && (rule.resolve() == null || rule.resolve().truth(metrics) != Expr.Truth.FALSE);
        return new RuleCheck(outcome, condition, clear);
    }

    /** The check of a rule that reads no earlier window (no {@code offset}). */
    public static RuleCheck of(CompiledRule rule, WindowStats window) {
        if (!rule.offsets().stream().allMatch(Duration::isZero)) {
            throw new IllegalArgumentException("the rule " + rule.id() + " reads earlier windows: give them");
        }
        return of(rule, offset -> window);
    }
}
