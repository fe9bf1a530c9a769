package io.pulseboard.aggregator.rules;

import io.pulseboard.aggregator.support.WrittenDurations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A parsed rule expression (see docs/design.md, "Rule expressions"): a {@link Condition} (what a rule's
 * {@code expr} and {@code resolve} are) built of comparisons between {@link Value}s. {@code toString()}
 * is the canonical text: parsing it gives an equal expression. Nodes hold no positions, so two
 * spellings of one expression are equal.
 *
 * <p>Missing data: a metric without data is NaN, arithmetic with NaN is NaN, and so is a division by
 * zero; a comparison with NaN is {@link Truth#UNKNOWN}, and {@code and}, {@code or} and {@code not}
 * follow Kleene's three-valued logic. A rule fires only on {@link Truth#TRUE}.
 *
 * <p>A {@link Metric} may carry an {@code offset}: the same metric over the window that ended that long
 * before (the rule's window shifted back), so {@code p95(latency_ms) > 2 * p95(latency_ms) offset 1d}
 * compares with the same minutes of yesterday. {@link Metrics} is asked for each metric with its offset.
 */
public sealed interface Expr {

    /** Metrics of the whole stream: no value name. */
    List<String> STREAM_METRICS = List.of("count", "rate", "errors", "error_rate");

    /** Metrics of one value: {@code metric(value_name)}. */
    List<String> VALUE_METRICS = List.of("sum", "mean", "min", "max", "p50", "p90", "p95", "p99");

    /** Where the metrics come from: the metric over the rule's window, shifted back by its offset; NaN when there is no data. */
    @FunctionalInterface
    interface Metrics {
        double metric(Metric metric);
    }

    /** The precedence of the node's operator: or 1, and 2, not 3, comparison 4, + - 5, * / 6, unary 7, primary 8. */
    int precedence();

    /** Calls {@code visitor} with this node and every node below it, depth first, left to right. */
    void forEach(Consumer<Expr> visitor);

    /** The value names the expression reads, in order of first appearance. */
    default List<String> valueNames() {
        List<String> names = new ArrayList<>();
        forEach(e -> {
            if (e instanceof Metric m && m.valueName() != null && !names.contains(m.valueName())) {
                names.add(m.valueName());
            }
        });
        return names;
    }

    /** The offsets the expression reads, in order of first appearance ({@link Duration#ZERO} for the window itself). */
    default List<Duration> offsets() {
        List<Duration> offsets = new ArrayList<>();
        forEach(e -> {
            if (e instanceof Metric m && !offsets.contains(m.offset())) {
                offsets.add(m.offset());
            }
        });
        return offsets;
    }

    // ---- numbers ----

    /** A numeric expression. */
    sealed interface Value extends Expr permits Num, Metric, Negate, Arith {
        /** The value over a window; NaN when it has no data. */
        double value(Metrics m);
    }

    /** A number literal; finite, and never -0 (which would print as 0). */
    record Num(double number) implements Value {
        public Num {
            if (!Double.isFinite(number)) {
                throw new IllegalArgumentException("a number literal is finite: " + number);
            }
            number = number == 0 ? 0.0 : number;
        }

        @Override
        public double value(Metrics m) {
            return number;
        }

        @Override
        public int precedence() {
            return 8;
        }

        @Override
        public void forEach(Consumer<Expr> visitor) {
            visitor.accept(this);
        }

        @Override
        public String toString() {
            return formatNumber(number);
        }
    }

    /**
     * A metric over the window: {@code count}, or {@code p95(latency_ms)} ({@code valueName} null for
     * stream metrics); with an {@code offset} (whole minutes, {@link Duration#ZERO} for none), over the
     * window that ended that long before.
     */
    record Metric(String metric, String valueName, Duration offset) implements Value {
        public Metric {
            Objects.requireNonNull(metric, "metric");
            Objects.requireNonNull(offset, "offset");
            if (STREAM_METRICS.contains(metric) != (valueName == null)
                    || !(STREAM_METRICS.contains(metric) || VALUE_METRICS.contains(metric))) {
                throw new IllegalArgumentException("no metric: " + metric + "(" + valueName + ")");
            }
            if (offset.isNegative() || offset.toSeconds() % 60 != 0) {
                throw new IllegalArgumentException("an offset is whole minutes, not negative: " + offset);
            }
        }

        /** The metric over the window itself. */
        public Metric(String metric, String valueName) {
            this(metric, valueName, Duration.ZERO);
        }

        @Override
        public double value(Metrics m) {
            return m.metric(this);
        }

        @Override
        public int precedence() {
            return 8;
        }

        @Override
        public void forEach(Consumer<Expr> visitor) {
            visitor.accept(this);
        }

        @Override
        public String toString() {
            String base = valueName == null ? metric : metric + "(" + valueName + ")";
            return offset.isZero() ? base : base + " offset " + WrittenDurations.format(offset);
        }
    }

    /** Unary minus. */
    record Negate(Value operand) implements Value {
        public Negate {
            Objects.requireNonNull(operand, "operand");
        }

        @Override
        public double value(Metrics m) {
            return -operand.value(m);
        }

        @Override
        public int precedence() {
            return 7;
        }

        @Override
        public void forEach(Consumer<Expr> visitor) {
            visitor.accept(this);
            operand.forEach(visitor);
        }

        @Override
        public String toString() {
            // "-5" reads back as the literal -5: a negated literal keeps its parentheses.
            return "-" + (operand instanceof Num || operand.precedence() < 7 ? "(" + operand + ")" : operand);
        }
    }

    /** The arithmetic operators. */
    enum ArithOp {
        ADD("+", 5),
        SUB("-", 5),
        MUL("*", 6),
        DIV("/", 6);

        final String symbol;
        final int precedence;

        ArithOp(String symbol, int precedence) {
            this.symbol = symbol;
            this.precedence = precedence;
        }

        public String symbol() {
            return symbol;
        }

        double apply(double a, double b) {
            return switch (this) {
                case ADD -> a + b;
                case SUB -> a - b;
                case MUL -> a * b;
                // No data to divide by: no value, rather than an infinity that compares as a number.
                case DIV -> b == 0 ? Double.NaN : a / b;
            };
        }
    }

    /** {@code left OP right}; infinities (an overflow) count as no data, as NaN does. */
    record Arith(ArithOp op, Value left, Value right) implements Value {
        public Arith {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }

        @Override
        public double value(Metrics m) {
            double r = op.apply(left.value(m), right.value(m));
            return Double.isInfinite(r) ? Double.NaN : r;
        }

        @Override
        public int precedence() {
            return op.precedence;
        }

        @Override
        public void forEach(Consumer<Expr> visitor) {
            visitor.accept(this);
            left.forEach(visitor);
            right.forEach(visitor);
        }

        @Override
        public String toString() {
            return binary(left, op.symbol, right, precedence());
        }
    }

    // ---- conditions ----

    /** Three-valued truth: a comparison with no data is UNKNOWN. */
    enum Truth {
        TRUE,
        FALSE,
        UNKNOWN;

        Truth not() {
            return this == TRUE ? FALSE : this == FALSE ? TRUE : UNKNOWN;
        }
    }

    /**
     * The truth of a condition, and the two sides of the comparison that decided it: the first one,
     * left to right, whose truth is the condition's (through {@code not}, the comparison inside).
     * The alert reports them as its {@code value} and {@code threshold}; NaN when without data.
     */
    record Outcome(Truth truth, double value, double threshold) {}

    /** A boolean expression: what {@code expr} and {@code resolve} are. */
    sealed interface Condition extends Expr permits Compare, And, Or, Not {
        Outcome evaluate(Metrics m);

        default Truth truth(Metrics m) {
            return evaluate(m).truth();
        }
    }

    /** The comparison operators, longest spelling first (so {@code >=} is not read as {@code >}). */
    enum Op {
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

    /** {@code left OP right}; UNKNOWN when either side has no data. */
    record Compare(Op op, Value left, Value right) implements Condition {
        public Compare {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }

        @Override
        public Outcome evaluate(Metrics m) {
            double l = left.value(m);
            double r = right.value(m);
            Truth t = Double.isNaN(l) || Double.isNaN(r) ? Truth.UNKNOWN : op.test(l, r) ? Truth.TRUE : Truth.FALSE;
            return new Outcome(t, l, r);
        }

        @Override
        public int precedence() {
            return 4;
        }

        @Override
        public void forEach(Consumer<Expr> visitor) {
            visitor.accept(this);
            left.forEach(visitor);
            right.forEach(visitor);
        }

        @Override
        public String toString() {
            return left + " " + op.symbol + " " + right;
        }
    }

    /** Kleene's and: FALSE if either is FALSE, else UNKNOWN if either is, else TRUE. */
    record And(Condition left, Condition right) implements Condition {
        public And {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }

        @Override
        public Outcome evaluate(Metrics m) {
            Outcome l = left.evaluate(m);
            if (l.truth() == Truth.FALSE) {
                return l;
            }
            Outcome r = right.evaluate(m);
            if (r.truth() == Truth.FALSE || l.truth() == Truth.TRUE && r.truth() == Truth.UNKNOWN) {
                return r;
            }
            return l;
        }

        @Override
        public int precedence() {
            return 2;
        }

        @Override
        public void forEach(Consumer<Expr> visitor) {
            visitor.accept(this);
            left.forEach(visitor);
            right.forEach(visitor);
        }

        @Override
        public String toString() {
            return binary(left, "and", right, 2);
        }
    }

    /** Kleene's or: TRUE if either is TRUE, else UNKNOWN if either is, else FALSE. */
    record Or(Condition left, Condition right) implements Condition {
        public Or {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }

        @Override
        public Outcome evaluate(Metrics m) {
            Outcome l = left.evaluate(m);
            if (l.truth() == Truth.TRUE) {
                return l;
            }
            Outcome r = right.evaluate(m);
            if (r.truth() == Truth.TRUE || l.truth() == Truth.FALSE && r.truth() == Truth.UNKNOWN) {
                return r;
            }
            return l;
        }

        @Override
        public int precedence() {
            return 1;
        }

        @Override
        public void forEach(Consumer<Expr> visitor) {
            visitor.accept(this);
            left.forEach(visitor);
            right.forEach(visitor);
        }

        @Override
        public String toString() {
            return binary(left, "or", right, 1);
        }
    }

    /** Kleene's not: UNKNOWN stays UNKNOWN, so {@code not} of a comparison without data does not fire. */
    record Not(Condition operand) implements Condition {
        public Not {
            Objects.requireNonNull(operand, "operand");
        }

        @Override
        public Outcome evaluate(Metrics m) {
            Outcome o = operand.evaluate(m);
            return new Outcome(o.truth().not(), o.value(), o.threshold());
        }

        @Override
        public int precedence() {
            return 3;
        }

        @Override
        public void forEach(Consumer<Expr> visitor) {
            visitor.accept(this);
            operand.forEach(visitor);
        }

        @Override
        public String toString() {
            return "not " + (operand.precedence() < 3 ? "(" + operand + ")" : operand);
        }
    }

    /** Left-associative: a left operand of the same precedence needs no parentheses, a right one does. */
    private static String binary(Expr left, String symbol, Expr right, int precedence) {
        String l = left.precedence() < precedence ? "(" + left + ")" : left.toString();
        String r = right.precedence() <= precedence ? "(" + right + ")" : right.toString();
        return l + " " + symbol + " " + r;
    }

    static String formatNumber(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15
                ? Long.toString((long) d)
                : String.valueOf(d).toLowerCase(Locale.ROOT);
    }
}
