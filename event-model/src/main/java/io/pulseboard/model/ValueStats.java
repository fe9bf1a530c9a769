package io.pulseboard.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Statistics of one named value over an hour. The percentiles come from a sketch with a bounded
 * relative error and are null when the aggregator has none to give.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ValueStats(
    long count,
    double sum,
    double min,
    double max,
    double mean,
    Double p50,
    Double p90,
    Double p95,
    Double p99) {}
