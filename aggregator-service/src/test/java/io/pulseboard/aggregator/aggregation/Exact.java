package io.pulseboard.aggregator.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pulseboard.model.Event;
import io.pulseboard.model.HourlyMetrics;
import io.pulseboard.model.Status;
import io.pulseboard.model.ValueStats;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Brute-force statistics of a set of events, computed from all the values.
 *
 * <p>The exact quantile q of n sorted values v[0..n-1] is v[floor(q * (n - 1))], the rank DDSketch
 * aims at (it returns the bin holding the value of that rank), so the sketch must be within 1 %
 * (relative) of it.
 */
final class Exact {

    final long count;
    final long errors;
    final Map<String, Long> errorsByType = new TreeMap<>();
    final Instant first;
    final Instant last;
    final Map<String, double[]> values = new TreeMap<>();

    Exact(Collection<Event> events) {
        long c = 0;
        long e = 0;
        Instant f = null;
        Instant l = null;
        Map<String, List<Double>> lists = new TreeMap<>();
        for (Event ev : events) {
            c++;
            if (ev.status() == Status.ERROR) {
                e++;
                if (ev.errorType() != null) {
                    errorsByType.merge(ev.errorType(), 1L, Long::sum);
                }
            }
            if (f == null || ev.time().isBefore(f)) f = ev.time();
            if (l == null || ev.time().isAfter(l)) l = ev.time();
            ev.values()
                    .forEach((name, v) ->
                            lists.computeIfAbsent(name, k -> new ArrayList<>()).add(v));
        }
        count = c;
        errors = e;
        first = f;
        last = l;
        lists.forEach((name, list) -> {
            double[] sorted = list.stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(sorted);
            values.put(name, sorted);
        });
    }

    static double sum(double[] values) {
        BigDecimal s = BigDecimal.ZERO;
        for (double v : values) {
            s = s.add(new BigDecimal(v));
        }
        return s.doubleValue();
    }

    static double quantile(double[] sorted, double q) {
        return sorted[(int) Math.floor(q * (sorted.length - 1))];
    }

    static double min(double[] values) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : values) m = Math.min(m, v);
        return m;
    }

    static double max(double[] values) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : values) m = Math.max(m, v);
        return m;
    }

    /** Asserts the sketch estimate is within the 1 % relative accuracy of the exact quantile. */
    static void assertQuantile(String what, double estimate, double[] sorted, double q) {
        double exact = quantile(sorted, q);
        double tolerance = ValueAggregate.RELATIVE_ACCURACY * Math.abs(exact) * (1 + 1e-9);
        assertThat(estimate).as("%s p%s (exact %s)", what, q * 100, exact).isCloseTo(exact, within(tolerance));
    }

    /** Asserts the statistics of one value against the exact ones. */
    static void assertValue(String what, ValueAggregate v, double[] sorted) {
        assertThat(v).as(what).isNotNull();
        assertThat(v.count()).as(what + " count").isEqualTo(sorted.length);
        assertThat(v.sum()).as(what + " sum").isEqualTo(sum(sorted));
        assertThat(v.min()).as(what + " min").isEqualTo(min(sorted));
        assertThat(v.max()).as(what + " max").isEqualTo(max(sorted));
        for (double q : new double[] {0.5, 0.9, 0.95, 0.99, 0.0, 1.0, 0.25}) {
            assertQuantile(what, v.quantile(q), sorted, q);
        }
    }

    /** Asserts the wire metrics against the exact ones. */
    void assertMetrics(HourlyMetrics m) {
        String what = m.stream() + "@" + m.hour();
        assertThat(m.count()).as(what + " count").isEqualTo(count);
        assertThat(m.errors()).as(what + " errors").isEqualTo(errors);
        assertThat(m.errorsByType()).as(what + " errors by type").isEqualTo(errorsByType);
        assertThat(m.errorRate()).as(what + " error rate").isEqualTo(count == 0 ? 0.0 : (double) errors / count);
        assertThat(m.firstEvent()).as(what + " first").isEqualTo(first);
        assertThat(m.lastEvent()).as(what + " last").isEqualTo(last);
        assertThat(m.values().keySet()).as(what + " value names").isEqualTo(values.keySet());
        values.forEach((name, sorted) -> {
            ValueStats s = m.values().get(name);
            String w = what + " " + name;
            assertThat(s.count()).as(w + " count").isEqualTo(sorted.length);
            assertThat(s.sum()).as(w + " sum").isEqualTo(sum(sorted));
            assertThat(s.min()).as(w + " min").isEqualTo(min(sorted));
            assertThat(s.max()).as(w + " max").isEqualTo(max(sorted));
            assertThat(s.mean()).as(w + " mean").isEqualTo(sum(sorted) / sorted.length);
            assertQuantile(w, s.p50(), sorted, 0.50);
            assertQuantile(w, s.p90(), sorted, 0.90);
            assertQuantile(w, s.p95(), sorted, 0.95);
            assertQuantile(w, s.p99(), sorted, 0.99);
        });
    }
}
