package io.pulseboard.aggregator.metrics;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One minute of an open hour: event count, errors and the statistics of each value, from which
 * {@link WindowStats} computes sliding windows. Created on the first event of that minute.
 */
public final class MinuteBucket {

  private final int minute;
  long count;
  long errors;
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

  /** The statistics of a value in this minute, or null if no event of the minute had it. */
  public ValueAggregate value(String name) {
    return values.get(name);
  }

  public Set<String> valueNames() {
    return Collections.unmodifiableSet(values.keySet());
  }
}
