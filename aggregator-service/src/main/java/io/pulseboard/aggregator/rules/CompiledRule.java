package io.pulseboard.aggregator.rules;

import io.pulseboard.aggregator.support.WrittenDurations;
import io.pulseboard.model.AlertRule;
import io.pulseboard.model.validation.StreamGlob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A valid rule, parsed once, ready to evaluate: its glob, expressions, window and durations, and the
 * offsets its expressions read ({@link Duration#ZERO} for the window itself), each once.
 */
public record CompiledRule(
        AlertRule rule,
        StreamGlob glob,
        Expr.Condition expr,
        Expr.Condition resolve,
        int windowMinutes,
        Duration forDuration,
        Duration keepFiringFor,
        List<Duration> offsets) {

    /**
     * Compiles a rule that passed validation (as stored, or read from pulse.rules).
     *
     * @throws IllegalArgumentException listing what is wrong if it is not valid after all
     */
    public static CompiledRule compile(AlertRule rule) {
        List<FieldError> errors = RuleValidator.check(rule);
        if (rule.severity() == null) {
            errors.add(FieldError.of("severity", "is missing"));
        }
        if (rule.id() == null) {
            errors.add(FieldError.of("id", "is missing"));
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(
                    errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        }
        Expr.Condition expr = ExprParser.parse(rule.expr());
        Expr.Condition resolve = rule.resolve() == null ? null : ExprParser.parse(rule.resolve());
        List<Duration> offsets = new ArrayList<>(expr.offsets());
        if (resolve != null) {
            resolve.offsets().stream().filter(o -> !offsets.contains(o)).forEach(offsets::add);
        }
        return new CompiledRule(
                rule,
                StreamGlob.compile(rule.stream()),
                expr,
                resolve,
                (int) WrittenDurations.parse(rule.window()).toMinutes(),
                WrittenDurations.parseOr(rule.forDuration(), Duration.ZERO),
                WrittenDurations.parseOr(rule.keepFiringFor(), Duration.ZERO),
                List.copyOf(offsets));
    }

    /** Whether the window is made of hours (over 60 minutes) rather than minute buckets. */
    public boolean hourWindow() {
        return windowMinutes > RuleValidator.MAX_MINUTE_WINDOW.toMinutes();
    }

    /**
     * Whether it reads more than its minute window ending now: a window of hours, or an {@code offset}
     * (anything but exactly the window itself), which the evaluator assembles from stored rows too.
     */
    public boolean readsEarlierWindows() {
        return hourWindow() || !offsets.equals(List.of(Duration.ZERO));
    }

    public String id() {
        return rule.id();
    }

    public boolean enabled() {
        return Boolean.TRUE.equals(rule.enabled());
    }
}
