package io.pulseboard.aggregator.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExprParserTest {

    @Test
    void parsesEveryMetricAndOperator() {
        for (String metric : Expr.STREAM_METRICS) {
            Expr e = ExprParser.parse(metric + " >= 3");
            assertThat(e.metric()).isEqualTo(metric);
            assertThat(e.valueName()).isNull();
            assertThat(e.op()).isEqualTo(Expr.Op.GE);
            assertThat(e.threshold()).isEqualTo(3.0);
        }
        for (String metric : Expr.VALUE_METRICS) {
            Expr e = ExprParser.parse(metric + "(latency_ms) < 0.5");
            assertThat(e.metric()).isEqualTo(metric);
            assertThat(e.valueName()).isEqualTo("latency_ms");
            assertThat(e.op()).isEqualTo(Expr.Op.LT);
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
    void parsesValidForms(String text, String metric, String value, Expr.Op op, double threshold) {
        Expr e = ExprParser.parse(text);
        assertThat(e.metric()).isEqualTo(metric);
        assertThat(e.valueName()).isEqualTo(value);
        assertThat(e.op()).isEqualTo(op);
        assertThat(e.threshold()).isEqualTo(threshold);
    }

    @Test
    void printsCanonically() {
        assertThat(ExprParser.parse(" p95( latency_ms )>500 ").toString()).isEqualTo("p95(latency_ms) > 500");
        assertThat(ExprParser.parse("error_rate>=0.05").toString()).isEqualTo("error_rate >= 0.05");
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
                "count >                  | 7  | expected a number at 7, found the end",
                "count > ten              | 8  | expected a number at 8, found 't'",
                "count > 1e999            | 8  | the number at 8 is too large",
                "count > 10 and x         | 11 | expected the end of the expression at 11, found 'a'",
                "count > 10)              | 10 | expected the end of the expression at 10, found ')'",
            })
    void reportsEveryErrorWithItsPosition(String text, int position, String message) {
        assertThatThrownBy(() -> ExprParser.parse(text))
                .isInstanceOfSatisfying(
                        ExprParser.ExprException.class,
                        e -> assertThat(e.position()).isEqualTo(position))
                .hasMessageContaining(message);
    }

    @Test
    void nullIsNoExpression() {
        assertThatThrownBy(() -> ExprParser.parse(null))
                .isInstanceOf(ExprParser.ExprException.class)
                .hasMessageContaining("expected an expression");
    }

    @Test
    void noDataSatisfiesNoComparison() {
        for (Expr.Op op : Expr.Op.values()) {
            assertThat(new Expr("count", null, op, 1).holds(Double.NaN))
                    .as(op.symbol())
                    .isFalse();
        }
        assertThat(ExprParser.parse("count != 1").holds(2)).isTrue();
        assertThat(ExprParser.parse("count == 1").holds(1)).isTrue();
        assertThat(ExprParser.parse("count <= 1").holds(1)).isTrue();
        assertThat(ExprParser.parse("count < 1").holds(1)).isFalse();
    }
}
