package io.pulseboard.aggregator.aggregation;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One minute of an hour: event count, errors by type and the statistics of each value, from which
 * {@link WindowStats} computes sliding windows and {@link HourAggregate#minuteAggregate} the
 * minute's own metrics. Created on the first event of that minute.
 */
public final class MinuteBucket {

    private final int minute;
    long count;
    long errors;
    /** Errors by type, under the same (possibly folded) type as in the hour; null until the first. */
    Map<String, Long> errorsByType;

    final Map<String, ValueAggregate> values = new HashMap<>(4);

    MinuteBucket(int minute) {
        this.minute = minute;
    }

    /** 0 to 59, the minute of its hour. */
    public int minute() {
        return minute;
    }

    public long count() {
        return count;
    }

    public long errors() {
        return errors;
    }

    /** Errors by {@code error_type}, by name. */
    public Map<String, Long> errorsByType() {
        return errorsByType == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(errorsByType));
    }

    void addErrorType(String type, long n) {
        if (errorsByType == null) {
            errorsByType = new HashMap<>(4);
        }
        errorsByType.merge(type, n, Long::sum);
    }

    /** The statistics of a value in this minute, or null if no event of the minute had it. */
    public ValueAggregate value(String name) {
        return values.get(name);
    }

    public Set<String> valueNames() {
        return Collections.unmodifiableSet(values.keySet());
    }
}
