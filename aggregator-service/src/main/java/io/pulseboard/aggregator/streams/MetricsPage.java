package io.pulseboard.aggregator.streams;

import io.pulseboard.model.HourlyMetrics;
import java.time.Instant;
import java.util.List;

/**
 * A stream's metrics history: the range actually covered (aligned to whole steps), one row per
 * step with data, and the whole range merged into one ({@code total}, null without data).
 */
public record MetricsPage(
        String stream, Instant from, Instant to, String step, List<HourlyMetrics> metrics, HourlyMetrics total) {}
