package io.pulseboard.aggregator.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulseboard.model.HourlyMetrics;
import io.pulseboard.model.ValueStats;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * CSV injection: text cells a spreadsheet would run as a formula get a quote first, while the
 * numbers the server writes stay numbers. Names here go beyond what validation lets in today, so the
 * rule holds whatever a stored row holds.
 */
class MetricsCsvTest {

    private static final Instant HOUR = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void textStartingWithAFormulaCharacterIsQuotedText() {
        for (String bad : List.of("=1+1", "+1", "-2-3", "@SUM(A1)", "\tx", "\rx")) {
            String csv = MetricsCsv.write(List.of(row(bad, Map.of(bad, 1L), Map.of(bad, stats(-5)))));
            String[] lines = csv.split("\r\n", -1);
            String quoted = "\"'" + bad + "\"";
            assertThat(lines[0]).as("header for %s", bad).contains("," + "\"'" + bad + ".count\"" + ",");
            assertThat(lines[1])
                    .as("row for %s", bad)
                    .startsWith(quoted + ",2026-11-22T10:00:00Z,3,-1,")
                    .contains(",\"'" + bad + "=1\",");
        }
    }

    @Test
    void numbersStayNumbersAndPlainTextStaysAsItIs() {
        String csv = MetricsCsv.write(List.of(row("checkout.api", Map.of("timeout", 2L), Map.of("delta", stats(-5)))));
        String[] lines = csv.split("\r\n");
        assertThat(lines[0])
                .endsWith(
                        ",delta.count,delta.sum,delta.min,delta.max,delta.mean,delta.p50,delta.p90,delta.p95,delta.p99");
        assertThat(lines[1])
                .startsWith("checkout.api,2026-11-22T10:00:00Z,3,-1,")
                .contains(",timeout=2,")
                .endsWith(",1,-5.0,-5.0,-5.0,-5.0,-5.0,-5.0,-5.0,-5.0");
    }

    private static HourlyMetrics row(String stream, Map<String, Long> errors, Map<String, ValueStats> values) {
        // errors = -1 is impossible in practice; it stands for any negative number the server writes.
        return new HourlyMetrics(stream, HOUR, 3, -1, 0.5, errors, 0.01, values, HOUR, HOUR, 0, 1, false, HOUR);
    }

    private static ValueStats stats(double v) {
        return new ValueStats(1, v, v, v, v, v, v, v, v);
    }
}
