package io.pulseboard.aggregator.streams;

import io.pulseboard.aggregator.api.ApiException;
import java.time.Duration;
import java.time.Instant;

/**
 * The row size of a metrics history: a minute as stored, 5 or 15 minutes merged from minutes, an
 * hour as stored, or a UTC day merged from its hours. Steps are aligned to the epoch (UTC).
 */
public enum Step {
    MINUTE("1m", Duration.ofMinutes(1), Duration.ofMinutes(60)),
    FIVE_MINUTES("5m", Duration.ofMinutes(5), Duration.ofHours(6)),
    FIFTEEN_MINUTES("15m", Duration.ofMinutes(15), Duration.ofHours(24)),
    HOUR("1h", Duration.ofHours(1), Duration.ofHours(24)),
    DAY("1d", Duration.ofDays(1), Duration.ofDays(7));

    private final String label;
    private final Duration length;
    private final Duration defaultRange;

    Step(String label, Duration length, Duration defaultRange) {
        this.label = label;
        this.length = length;
        this.defaultRange = defaultRange;
    }

    public static Step parse(String value) {
        if (value == null || value.isBlank()) {
            return HOUR;
        }
        for (Step s : values()) {
            if (s.label.equals(value.trim())) {
                return s;
            }
        }
        throw ApiException.badRequest("step: '" + value + "' is not a step; use 1m, 5m, 15m, 1h or 1d");
    }

    public String label() {
        return label;
    }

    public Duration length() {
        return length;
    }

    /** The range asked for when the request names no {@code from}. */
    public Duration defaultRange() {
        return defaultRange;
    }

    /** Whether rows of this step come from stored minutes (kept for the minute retention only). */
    public boolean fromMinutes() {
        return length.compareTo(Duration.ofHours(1)) < 0;
    }

    /** The start of the step that contains {@code t} (UTC). */
    public Instant floor(Instant t) {
        long size = length.getSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), size) * size);
    }

    /** The end of the step that contains {@code t}, or {@code t} if it is a step start. */
    public Instant ceil(Instant t) {
        Instant floor = floor(t);
        return floor.equals(t) ? t : floor.plus(length);
    }

    @Override
    public String toString() {
        return label;
    }
}
