package io.pulseboard.aggregator.rules;

import io.pulseboard.aggregator.aggregation.WindowStats;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A parsed rule expression, {@code METRIC OP NUMBER}: for example {@code p95(latency_ms) > 500}.
 * {@code valueName} is null for the metrics of a whole stream (count, rate, errors, error_rate).
 */
public record Expr(String metric, String valueName, Op op, double threshold) {

    /** Metrics of the whole stream: no value name. */
    public static final List<String> STREAM_METRICS = List.of("count", "rate", "errors", "error_rate");

    /** Metrics of one value: {@code metric(value_name)}. */
    public static final List<String> VALUE_METRICS = List.of("sum", "mean", "min", "max", "p50", "p90", "p95", "p99");

    public Expr {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(op, "op");
    }

    /** The comparison operators, longest spelling first (so {@code >=} is not read as {@code >}). */
    public enum Op {
        GE(">="),
        LE("<="),
        EQ("=="),
        NE("!="),
        GT(">"),
        LT("<");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        boolean test(double value, double threshold) {
            return switch (this) {
                case GT -> value > threshold;
                case GE -> value >= threshold;
                case LT -> value < threshold;
                case LE -> value <= threshold;
                case EQ -> value == threshold;
                case NE -> value != threshold;
            };
        }
    }

    /** The metric over the window; NaN when there is no data for it (see {@link WindowStats#metric}). */
    public double value(WindowStats window) {
        return window.metric(metric, valueName);
    }

    /** Whether {@code value} satisfies the comparison. A value without data (NaN) satisfies none. */
    public boolean holds(double value) {
        return !Double.isNaN(value) && op.test(value, threshold);
    }

    @Override
    public String toString() {
        String m = valueName == null ? metric : metric + "(" + valueName + ")";
        return m + " " + op.symbol + " " + formatNumber(threshold);
    }

    static String formatNumber(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15
                ? Long.toString((long) d)
                : String.valueOf(d).toLowerCase(Locale.ROOT);
    }
}
