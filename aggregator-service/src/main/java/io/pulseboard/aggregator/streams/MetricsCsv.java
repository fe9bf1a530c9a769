package io.pulseboard.aggregator.streams;

import io.pulseboard.model.HourlyMetrics;
import io.pulseboard.model.ValueStats;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Metrics rows as CSV (RFC 4180, header first): the fixed columns, then for every value name that
 * occurs in any row its count, sum, min, max, mean and percentiles as {@code name.stat}. A value a
 * row does not have is an empty cell. Text that came from clients (stream names, error types, value
 * names) and starts with =, +, -, @, tab or CR gets a ' in front and is quoted, so that a
 * spreadsheet shows it instead of running it as a formula (CSV injection); numbers, negative ones
 * too, are written as numbers. The dashboard's CSV follows the same rule.
 */
final class MetricsCsv {

    private static final List<String> FIXED = List.of(
            "stream",
            "hour",
            "count",
            "errors",
            "error_rate",
            "rate_per_s",
            "errors_by_type",
            "late_events",
            "first_event",
            "last_event",
            "revision",
            "final",
            "updated_at");

    private static final Map<String, Function<ValueStats, Object>> STATS = statsColumns();

    private MetricsCsv() {}

    static String write(List<HourlyMetrics> rows) {
        SortedSet<String> names = new TreeSet<>();
        rows.forEach(r -> names.addAll(r.values().keySet()));
        StringBuilder out = new StringBuilder();
        StringBuilder header = new StringBuilder(String.join(",", FIXED));
        for (String name : names) {
            STATS.keySet().forEach(stat -> header.append(',').append(cell(text(name + '.' + stat))));
        }
        out.append(header).append("\r\n");
        for (HourlyMetrics m : rows) {
            Object[] fixed = {
                text(m.stream()),
                m.hour(),
                m.count(),
                m.errors(),
                m.errorRate(),
                m.ratePerS(),
                text(errorsByType(m.errorsByType())),
                m.lateEvents(),
                m.firstEvent(),
                m.lastEvent(),
                m.revision(),
                m.isFinal(),
                m.updatedAt()
            };
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < fixed.length; i++) {
                line.append(i == 0 ? "" : ",").append(cell(fixed[i]));
            }
            for (String name : names) {
                ValueStats v = m.values().get(name);
                STATS.values().forEach(stat -> line.append(',').append(v == null ? "" : cell(stat.apply(v))));
            }
            out.append(line).append("\r\n");
        }
        return out.toString();
    }

    /** {@code timeout=10;http_500=2}: one cell, sorted by type. */
    private static String errorsByType(Map<String, Long> byType) {
        return byType.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(";"));
    }

    /** Marks a cell as client text, made safe from spreadsheets (see the class comment). */
    private static Text text(String s) {
        return new Text(s);
    }

    private record Text(String value) {}

    private static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String s = value instanceof Text t ? t.value() : value.toString();
        if (value instanceof Text && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            return "\"'" + s.replace("\"", "\"\"") + '"';
        }
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static Map<String, Function<ValueStats, Object>> statsColumns() {
        Map<String, Function<ValueStats, Object>> columns = new java.util.LinkedHashMap<>();
        columns.put("count", ValueStats::count);
        columns.put("sum", ValueStats::sum);
        columns.put("min", ValueStats::min);
        columns.put("max", ValueStats::max);
        columns.put("mean", ValueStats::mean);
        columns.put("p50", ValueStats::p50);
        columns.put("p90", ValueStats::p90);
        columns.put("p95", ValueStats::p95);
        columns.put("p99", ValueStats::p99);
        return columns;
    }
}
