package io.pulseboard.aggregator.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulseboard.aggregator.rules.Expr.And;
import io.pulseboard.aggregator.rules.Expr.Arith;
import io.pulseboard.aggregator.rules.Expr.ArithOp;
import io.pulseboard.aggregator.rules.Expr.Compare;
import io.pulseboard.aggregator.rules.Expr.Metric;
import io.pulseboard.aggregator.rules.Expr.Negate;
import io.pulseboard.aggregator.rules.Expr.Not;
import io.pulseboard.aggregator.rules.Expr.Num;
import io.pulseboard.aggregator.rules.Expr.Op;
import io.pulseboard.aggregator.rules.Expr.Or;
import io.pulseboard.aggregator.rules.Expr.Truth;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExprParserTest {

    private static final Metric COUNT = new Metric("count", null);
    private static final Metric ERRORS = new Metric("errors", null);

    @Test
    void parsesEveryMetricAndOperator() {
        for (String metric : Expr.STREAM_METRICS) {
            assertThat(ExprParser.parse(metric + " >= 3"))
                    .isEqualTo(new Compare(Op.GE, new Metric(metric, null), new Num(3)));
        }
        for (String metric : Expr.VALUE_METRICS) {
            assertThat(ExprParser.parse(metric + "(latency_ms) < 0.5"))
                    .isEqualTo(new Compare(Op.LT, new Metric(metric, "latency_ms"), new Num(0.5)));
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "p95(latency_ms) > 500      | p95 | latency_ms | GT | 500",
                "  p99 ( x ) >= -1.5e3      | p99 | x          | GE | -1500",
                "count<10                   | count |          | LT | 10",
                "error_rate <= .05          | error_rate |     | LE | 0.05",
                "errors == 0                | errors |         | EQ | 0",
                "rate != +2.                | rate |           | NE | 2",
                "mean(cost_usd)>1E-3        | mean | cost_usd  | GT | 0.001",
            })
    void parsesTheSimpleForms(String text, String metric, String value, Op op, double threshold) {
        assertThat(ExprParser.parse(text)).isEqualTo(new Compare(op, new Metric(metric, value), new Num(threshold)));
    }

    @Test
    void arithmeticBindsTighterThanComparisonAndMultiplicationTighterThanAddition() {
        assertThat(ExprParser.parse("errors / count > 0.05"))
                .isEqualTo(new Compare(Op.GT, new Arith(ArithOp.DIV, ERRORS, COUNT), new Num(0.05)));
        assertThat(ExprParser.parse("1 + 2 * count - 3 >= 0"))
                .isEqualTo(new Compare(
                        Op.GE,
                        new Arith(
                                ArithOp.SUB,
                                new Arith(ArithOp.ADD, new Num(1), new Arith(ArithOp.MUL, new Num(2), COUNT)),
                                new Num(3)),
                        new Num(0)));
        assertThat(ExprParser.parse("(1 + 2) * -count < 1"))
                .isEqualTo(new Compare(
                        Op.LT,
                        new Arith(ArithOp.MUL, new Arith(ArithOp.ADD, new Num(1), new Num(2)), new Negate(COUNT)),
                        new Num(1)));
        assertThat(ExprParser.parse("p95(latency_ms) > 2 * p50(latency_ms)"))
                .isEqualTo(new Compare(
                        Op.GT,
                        new Metric("p95", "latency_ms"),
                        new Arith(ArithOp.MUL, new Num(2), new Metric("p50", "latency_ms"))));
    }

    @Test
    void orBindsLooserThanAndWhichBindsLooserThanNot() {
        Compare a = new Compare(Op.GT, COUNT, new Num(1));
        Compare b = new Compare(Op.GT, ERRORS, new Num(2));
        Compare c = new Compare(Op.LT, new Metric("rate", null), new Num(3));
        assertThat(ExprParser.parse("count > 1 or errors > 2 and rate < 3")).isEqualTo(new Or(a, new And(b, c)));
        assertThat(ExprParser.parse("(count > 1 or errors > 2) and rate < 3")).isEqualTo(new And(new Or(a, b), c));
        assertThat(ExprParser.parse("not count > 1 and errors > 2")).isEqualTo(new And(new Not(a), b));
        assertThat(ExprParser.parse("not (count > 1 and errors > 2)")).isEqualTo(new Not(new And(a, b)));
        assertThat(ExprParser.parse("count > 1 and errors > 2 and rate < 3")).isEqualTo(new And(new And(a, b), c));
        assertThat(ExprParser.parse("not not count > 1")).isEqualTo(new Not(new Not(a)));
        assertThat(ExprParser.parse("((count) > (1))")).isEqualTo(a);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                " p95( latency_ms )>500                     | p95(latency_ms) > 500",
                "error_rate>=0.05                           | error_rate >= 0.05",
                "(errors / count > 0.05) and (count > 100)  | errors / count > 0.05 and count > 100",
                "count > 1 or (errors > 1 or rate > 1)      | count > 1 or (errors > 1 or rate > 1)",
                "(count > 1 or errors > 1) or rate > 1      | count > 1 or errors > 1 or rate > 1",
                "count - (1 - 2) > 0                        | count - (1 - 2) > 0",
                "(count - 1) - 2 > 0                        | count - 1 - 2 > 0",
                "count / (2 * 3) > - 5                      | count / (2 * 3) > -5",
                "-(5) < -(count + 1)                        | -(5) < -(count + 1)",
                "not(not(count>1))                          | not not count > 1",
                "sum(cost_usd)/count>.01                    | sum(cost_usd) / count > 0.01",
                "count > 1e20                               | count > 1.0e20",
            })
    void printsCanonically(String text, String canonical) {
        if (canonical == null) {
            assertThatThrownBy(() -> ExprParser.parse(text)).isInstanceOf(ExprParser.ExprException.class);
            return;
        }
        Expr.Condition e = ExprParser.parse(text);
        assertThat(e.toString()).isEqualTo(canonical);
        assertThat(ExprParser.parse(e.toString())).isEqualTo(e);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "p95(latency_ms >         | 15 | expected ')' at 15, found '>'",
                "\"\"                       | 0  | expected a metric",
                "\"   \"                    | 3  | expected a metric",
                "> 5                      | 0  | expected a metric",
                "p96(x) > 1               | 0  | unknown metric 'p96' at 0",
                "P95(x) > 1               | 0  | unknown metric 'P95' at 0",
                "p95 > 1                  | 4  | expected '(' at 4, found '>'",
                "p95(                     | 4  | expected a value name at 4, found the end",
                "p95() > 1                | 4  | expected a value name at 4, found ')'",
                "p95(Latency) > 1         | 4  | invalid value name 'Latency'",
                "p95(x > 1                | 6  | expected ')' at 6, found '>'",
                "count(x) > 1             | 5  | count takes no value name: expected an operator (>, >=, <, <=, ==, !=) at 5",
                "count 10                 | 6  | expected an operator (>, >=, <, <=, ==, !=) at 6, found '1'",
                "count =< 10              | 6  | expected an operator (>, >=, <, <=, ==, !=) at 6, found '='",
                "count                    | 5  | expected an operator (>, >=, <, <=, ==, !=) at 5, found the end",
                "count + 1                | 9  | expected an operator (>, >=, <, <=, ==, !=) at 9, found the end",
                "count >                  | 7  | expected a metric (count, rate, errors, error_rate, or sum|mean|min|max|p50|p90|p95|p99(value)), a number or '(' at 7, found the end",
                "count > ten              | 8  | unknown metric 'ten' at 8",
                "count > 1e999            | 8  | the number at 8 is too large",
                "count > 10 and x         | 15 | unknown metric 'x' at 15",
                "count > 10 and           | 14 | expected a metric",
                "count > 10 and 5         | 16 | expected an operator (>, >=, <, <=, ==, !=) at 16, found the end",
                "count > 10 AND rate > 1  | 11 | keywords are lowercase: expected 'and' at 11, found 'AND'",
                "Not count > 1            | 0  | keywords are lowercase: expected 'not' at 0, found 'Not'",
                "count > 10)              | 10 | expected 'and', 'or' or the end of the expression at 10, found ')'",
                "count > 1 > 2            | 10 | expected 'and', 'or' or the end of the expression at 10, found '>'",
                "(count > 1               | 10 | expected ')' at 10, found the end",
                "(count > 1) + 1 > 2      | 0  | expected a number or a metric at 0, found a condition",
                "count > (rate > 1)       | 8  | expected a number or a metric at 8, found a condition",
                "-(count > 1) < 0         | 1  | expected a number or a metric at 1, found a condition",
                "not count                | 9  | expected an operator (>, >=, <, <=, ==, !=) at 9, found the end",
                "and > 1                  | 0  | expected a metric",
                "count > not 1            | 8  | expected a metric",
                "count > count offset     | 20 | expected a duration after 'offset', such as 1h or 1d, at 20, found the end",
                "count > count offset 1   | 21 | '1' at 21 is no offset: write whole minutes, hours or days",
                "count > count offset 30s | 21 | '30s' at 21 is no offset",
                "count > count offset 0m  | 21 | the offset '0m' at 21 is out of range: 1m to 7d",
                "count > count offset 8d  | 21 | the offset '8d' at 21 is out of range: 1m to 7d",
                "count > 2 offset 1d      | 10 | expected 'and', 'or' or the end of the expression at 10, found 'o'",
                "count > offset 1d        | 8  | expected a metric",
                "count > count OFFSET 1d  | 14 | keywords are lowercase: expected 'offset' at 14, found 'OFFSET'",
            })
    void reportsEveryErrorWithItsPosition(String text, int position, String message) {
        assertThatThrownBy(() -> ExprParser.parse(text))
                .isInstanceOfSatisfying(
                        ExprParser.ExprException.class,
                        e -> assertThat(e.position()).isEqualTo(position))
                .hasMessageContaining(message);
    }

    @Test
    void anOffsetReadsTheSameMetricOverAnEarlierWindow() {
        assertThat(ExprParser.parse("p95(latency_ms) > 2 * p95(latency_ms) offset 1d"))
                .isEqualTo(new Compare(
                        Op.GT,
                        new Metric("p95", "latency_ms"),
                        new Arith(ArithOp.MUL, new Num(2), new Metric("p95", "latency_ms", Duration.ofDays(1)))));
        assertThat(ExprParser.parse("count offset 90m < -count offset 24h"))
                .isEqualTo(new Compare(
                        Op.LT,
                        new Metric("count", null, Duration.ofMinutes(90)),
                        new Negate(new Metric("count", null, Duration.ofDays(1)))));
        // The shortest spelling is the canonical one, and it reads back as the same expression.
        Expr.Condition c = ExprParser.parse("sum ( cost_usd )offset 48h > sum(cost_usd) offset 60m");
        assertThat(c).hasToString("sum(cost_usd) offset 2d > sum(cost_usd) offset 1h");
        assertThat(ExprParser.parse(c.toString())).isEqualTo(c);
        assertThat(c.offsets()).containsExactly(Duration.ofDays(2), Duration.ofHours(1));
        assertThat(ExprParser.parse("count > 1").offsets()).containsExactly(Duration.ZERO);
    }

    @Test
    void limitsLengthAndNesting() {
        String deep = "(".repeat(ExprParser.MAX_DEPTH) + "count > 1" + ")".repeat(ExprParser.MAX_DEPTH);
        assertThat(ExprParser.parse(deep)).isEqualTo(new Compare(Op.GT, COUNT, new Num(1)));
        assertThatThrownBy(() -> ExprParser.parse("(" + deep + ")"))
                .isInstanceOfSatisfying(
                        ExprParser.ExprException.class,
                        e -> assertThat(e.position()).isEqualTo(ExprParser.MAX_DEPTH))
                .hasMessageContaining("nests too deeply at 32: at most 32 levels");
        assertThatThrownBy(() -> ExprParser.parse("not ".repeat(200) + "count > 1"))
                .isInstanceOf(ExprParser.ExprException.class)
                .hasMessageContaining("nests too deeply");
        assertThatThrownBy(() -> ExprParser.parse("count > " + "-".repeat(500) + "1"))
                .isInstanceOf(ExprParser.ExprException.class)
                .hasMessageContaining("nests too deeply");
        String longest = "count > 1" + " ".repeat(ExprParser.MAX_LENGTH - 9);
        assertThat(ExprParser.parse(longest)).isNotNull();
        assertThatThrownBy(() -> ExprParser.parse(longest + " "))
                .isInstanceOfSatisfying(
                        ExprParser.ExprException.class,
                        e -> assertThat(e.position()).isEqualTo(ExprParser.MAX_LENGTH))
                .hasMessageContaining("is 1001 characters long; at most 1000 are allowed");
        // The longest flat chain parses, prints and evaluates without deep recursion trouble.
        String chain = "count" + " + 1".repeat((ExprParser.MAX_LENGTH - 10) / 4) + " > 1";
        Expr.Condition c = ExprParser.parse(chain);
        assertThat(ExprParser.parse(c.toString())).isEqualTo(c);
        assertThat(c.truth(m -> 0)).isEqualTo(Truth.TRUE);
    }

    @Test
    void nullIsNoExpression() {
        assertThatThrownBy(() -> ExprParser.parse(null))
                .isInstanceOf(ExprParser.ExprException.class)
                .hasMessageContaining("expected an expression");
    }

    @Test
    void listsTheValueNamesReadAnywhere() {
        assertThat(ExprParser.parse("p95(a) > 2 * p50(b) or not (sum(c) / count > 1 and max(a) < 1)")
                        .valueNames())
                .containsExactly("a", "b", "c");
        assertThat(ExprParser.parse("count > 1").valueNames()).isEmpty();
    }

    @Test
    void noDataSatisfiesNoComparisonAndNotOfNoDataIsNoDataEither() {
        Map<String, Double> values = Map.of("count", 1.0, "errors", 0.0);
        Expr.Metrics m = metric -> values.getOrDefault(metric.metric(), Double.NaN);
        for (Op op : Op.values()) {
            assertThat(new Compare(op, new Metric("rate", null), new Num(1)).truth(m))
                    .as(op.symbol())
                    .isEqualTo(Truth.UNKNOWN);
        }
        assertThat(ExprParser.parse("not rate > 1").truth(m)).isEqualTo(Truth.UNKNOWN);
        assertThat(ExprParser.parse("count != 2").truth(m)).isEqualTo(Truth.TRUE);
        assertThat(ExprParser.parse("count == 1").truth(m)).isEqualTo(Truth.TRUE);
        assertThat(ExprParser.parse("count < 1").truth(m)).isEqualTo(Truth.FALSE);
        assertThat(ExprParser.parse("count / errors > 0").truth(m))
                .as("division by zero")
                .isEqualTo(Truth.UNKNOWN);
        assertThat(ExprParser.parse("rate > 1 and count > 5").truth(m)).isEqualTo(Truth.FALSE);
        assertThat(ExprParser.parse("rate > 1 or count > 0").truth(m)).isEqualTo(Truth.TRUE);
        assertThat(ExprParser.parse("rate > 1 or count > 5").truth(m)).isEqualTo(Truth.UNKNOWN);
    }

    @Test
    void theOutcomeReportsTheComparisonThatDecided() {
        Map<String, Double> values = Map.of("count", 200.0, "errors", 20.0);
        Expr.Metrics m = metric -> values.getOrDefault(metric.metric(), Double.NaN);
        assertThat(ExprParser.parse("errors / count > 0.05 and count > 100").evaluate(m))
                .isEqualTo(new Expr.Outcome(Truth.TRUE, 0.1, 0.05));
        assertThat(ExprParser.parse("errors > 100 or count > 2 * 50").evaluate(m))
                .isEqualTo(new Expr.Outcome(Truth.TRUE, 200, 100));
        assertThat(ExprParser.parse("count > 100 and errors > 50").evaluate(m))
                .isEqualTo(new Expr.Outcome(Truth.FALSE, 20, 50));
        assertThat(ExprParser.parse("not count < 100").evaluate(m)).isEqualTo(new Expr.Outcome(Truth.TRUE, 200, 100));
    }
}
