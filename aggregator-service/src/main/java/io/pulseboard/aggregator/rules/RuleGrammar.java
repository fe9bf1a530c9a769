package io.pulseboard.aggregator.rules;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The expression language as {@code GET /api/rules/grammar} answers it: the EBNF, the metrics, the
 * operators, keywords and limits, for clients that help write or check a condition.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RuleGrammar(
        String grammar,
        List<String> streamMetrics,
        List<String> valueMetrics,
        List<String> comparisonOperators,
        List<String> arithmeticOperators,
        List<String> keywords,
        int maxLength,
        int maxDepth) {

    static final RuleGrammar CURRENT = new RuleGrammar(
            ExprParser.GRAMMAR,
            Expr.STREAM_METRICS,
            Expr.VALUE_METRICS,
            List.of(">", ">=", "<", "<=", "==", "!="),
            List.of("+", "-", "*", "/"),
            List.of("and", "or", "not"),
            ExprParser.MAX_LENGTH,
            ExprParser.MAX_DEPTH);
}
