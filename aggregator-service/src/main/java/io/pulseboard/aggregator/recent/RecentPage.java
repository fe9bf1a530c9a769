package io.pulseboard.aggregator.recent;

import java.util.List;

/** A page of recent events, newest first; {@code next} reads the page after it (null: no more). */
public record RecentPage(List<RecentEvent> events, String next) {}
