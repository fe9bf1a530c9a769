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
        int maxDepth,
        String windows,
        String offsets) {

    static final RuleGrammar CURRENT = new RuleGrammar(
            ExprParser.GRAMMAR,
            Expr.STREAM_METRICS,
            Expr.VALUE_METRICS,
            List.of(">", ">=", "<", "<=", "==", "!="),
            List.of("+", "-", "*", "/"),
            List.of("and", "or", "not", "offset"),
            ExprParser.MAX_LENGTH,
            ExprParser.MAX_DEPTH,
            "1m to 60m, made of minute buckets; or whole hours from 2h to 7d, made of hourly rows and the live hour",
            "1m to 7d: the same metric over the rule's window that ended that long before; up to 24h for a window"
                    + " up to 60m, whole hours for a longer window");
}
