package io.pulseboard.aggregator.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulseboard.aggregator.rules.Expr.And;
import io.pulseboard.aggregator.rules.Expr.Arith;
import io.pulseboard.aggregator.rules.Expr.ArithOp;
import io.pulseboard.aggregator.rules.Expr.Compare;
import io.pulseboard.aggregator.rules.Expr.Condition;
import io.pulseboard.aggregator.rules.Expr.Metric;
import io.pulseboard.aggregator.rules.Expr.Negate;
import io.pulseboard.aggregator.rules.Expr.Not;
import io.pulseboard.aggregator.rules.Expr.Num;
import io.pulseboard.aggregator.rules.Expr.Op;
import io.pulseboard.aggregator.rules.Expr.Or;
import io.pulseboard.aggregator.rules.Expr.Outcome;
import io.pulseboard.aggregator.rules.Expr.Truth;
import io.pulseboard.aggregator.rules.Expr.Value;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random compound expressions over random metric values (with and without data), against a plain
 * evaluator written here from the documented semantics: NaN for no data, division by zero and
 * overflow; a comparison with NaN unknown; Kleene's and, or, not; the reported comparison the first,
 * left to right, whose truth is its parent's.
 */
class ExprEvaluationTest {

    private static final List<Metric> METRICS = List.of(
            new Metric("count", null),
            new Metric("errors", null),
            new Metric("rate", null),
            new Metric("p95", "latency_ms"),
            new Metric("sum", "cost_usd"),
            new Metric("mean", "cost_usd"),
            // The same metrics over earlier windows are other numbers: an offset is part of what is read.
            new Metric("p95", "latency_ms", Duration.ofDays(1)),
            new Metric("count", null, Duration.ofHours(1)));
    private static final double[] VALUES = {Double.NaN, 0, 1, 2, -1, 0.5, 100, 1e300};

    private final Random random = new Random(1616);

    @Test
    void compoundExpressionsAgreeWithBruteForce() {
        Map<Truth, Integer> seen = new EnumMap<>(Truth.class);
        int roundTrips = 0;
        for (int i = 0; i < 10_000; i++) {
            Condition c = condition(4);
            if (c.toString().length() <= ExprParser.MAX_LENGTH) {
                assertThat(ExprParser.parse(c.toString())).as(c.toString()).isEqualTo(c);
                roundTrips++;
            }
            for (int w = 0; w < 5; w++) {
                Map<String, Double> values = new HashMap<>();
                for (Metric m : METRICS) {
                    values.put(m.toString(), VALUES[random.nextInt(VALUES.length)]);
                }
                Expr.Metrics metrics = m -> values.get(m.toString());
                Outcome expected = new Outcome(truth(c, values), witness(c, values)[0], witness(c, values)[1]);
                assertThat(c.evaluate(metrics)).as("%s over %s", c, values).isEqualTo(expected);
                seen.merge(expected.truth(), 1, Integer::sum);
            }
        }
        assertThat(roundTrips).isGreaterThan(7_500);
        // Every truth value is reached often: the comparison is no vacuous one.
        assertThat(seen.values()).hasSize(3).allSatisfy(n -> assertThat(n).isGreaterThan(2_500));
    }

    // ---- the reference ----

    private static double value(Value v, Map<String, Double> values) {
        double r;
        if (v instanceof Num n) {
            return n.number();
        } else if (v instanceof Metric m) {
            return values.get(m.toString());
        } else if (v instanceof Negate n) {
            return -value(n.operand(), values);
        } else {
            Arith a = (Arith) v;
            double l = value(a.left(), values);
            double rr = value(a.right(), values);
            if (Double.isNaN(l) || Double.isNaN(rr)) {
                return Double.NaN;
            }
            switch (a.op()) {
                case ADD -> r = l + rr;
                case SUB -> r = l - rr;
                case MUL -> r = l * rr;
                default -> r = rr == 0 ? Double.NaN : l / rr;
            }
        }
        return Double.isInfinite(r) ? Double.NaN : r;
    }

    /** TRUE, FALSE or UNKNOWN as a Boolean: true, false or null. */
    private static Boolean bool(Condition c, Map<String, Double> values) {
        if (c instanceof Compare cmp) {
            double l = value(cmp.left(), values);
            double r = value(cmp.right(), values);
            if (Double.isNaN(l) || Double.isNaN(r)) {
                return null;
            }
            return switch (cmp.op()) {
                case GT -> l > r;
                case GE -> l >= r;
                case LT -> l < r;
                case LE -> l <= r;
                case EQ -> l == r;
                case NE -> l != r;
            };
        } else if (c instanceof Not n) {
            Boolean b = bool(n.operand(), values);
            return b == null ? null : !b;
        } else if (c instanceof And a) {
            Boolean l = bool(a.left(), values);
            Boolean r = bool(a.right(), values);
            if (Boolean.FALSE.equals(l) || Boolean.FALSE.equals(r)) {
                return false;
            }
            return l == null || r == null ? null : true;
        } else {
            Or o = (Or) c;
            Boolean l = bool(o.left(), values);
            Boolean r = bool(o.right(), values);
            if (Boolean.TRUE.equals(l) || Boolean.TRUE.equals(r)) {
                return true;
            }
            return l == null || r == null ? null : false;
        }
    }

    private static Truth truth(Condition c, Map<String, Double> values) {
        Boolean b = bool(c, values);
        return b == null ? Truth.UNKNOWN : b ? Truth.TRUE : Truth.FALSE;
    }

    private static double[] witness(Condition c, Map<String, Double> values) {
        if (c instanceof Compare cmp) {
            return new double[] {value(cmp.left(), values), value(cmp.right(), values)};
        } else if (c instanceof Not n) {
            return witness(n.operand(), values);
        }
        Condition left = c instanceof And a ? a.left() : ((Or) c).left();
        Condition right = c instanceof And a ? a.right() : ((Or) c).right();
        return witness(truth(left, values) == truth(c, values) ? left : right, values);
    }

    // ---- random expressions ----

    private Condition condition(int depth) {
        int kind = depth <= 0 ? 0 : random.nextInt(6);
        return switch (kind) {
            case 0, 1, 2 -> new Compare(Op.values()[random.nextInt(Op.values().length)], value(2), value(2));
            case 3 -> new And(condition(depth - 1), condition(depth - 1));
            case 4 -> new Or(condition(depth - 1), condition(depth - 1));
            default -> new Not(condition(depth - 1));
        };
    }

    private Value value(int depth) {
        int kind = depth <= 0 ? random.nextInt(2) : random.nextInt(5);
        return switch (kind) {
            case 0 -> new Num(List.of(0.0, 1.0, 2.0, -1.0, 0.5, 1e-3, 1e20).get(random.nextInt(7)));
            case 1 -> METRICS.get(random.nextInt(METRICS.size()));
            case 2 -> new Negate(value(depth - 1));
            default -> new Arith(ArithOp.values()[random.nextInt(4)], value(depth - 1), value(depth - 1));
        };
    }
}
