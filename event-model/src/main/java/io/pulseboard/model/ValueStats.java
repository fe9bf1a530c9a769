package io.pulseboard.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Statistics of one named value over an hour. The percentiles come from a sketch with a bounded
 * relative error and are null when the aggregator has none to give.
 *
 * <p>Every number is finite, so that the JSON holds numbers only (never {@code "Infinity"} or
 * {@code "NaN"}): an infinite statistic is saturated to the largest double of its sign, and one
 * that is not a number (only when there are no values) is 0.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ValueStats(
        long count, double sum, double min, double max, double mean, Double p50, Double p90, Double p95, Double p99) {

    public ValueStats {
        sum = finite(sum);
        min = finite(min);
        max = finite(max);
        mean = finite(mean);
        p50 = finite(p50);
        p90 = finite(p90);
        p95 = finite(p95);
        p99 = finite(p99);
    }

    private static double finite(double x) {
        if (Double.isNaN(x)) {
            return 0.0;
        }
        return Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, x));
    }

    private static Double finite(Double x) {
        return x == null ? null : finite(x.doubleValue());
    }
}
