package io.pulseboard.aggregator.streams;

import io.pulseboard.aggregator.api.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The row size of a metrics history: an hour as stored, or a UTC day merged from its hours. */
public enum Step {
    HOUR("1h", ChronoUnit.HOURS),
    DAY("1d", ChronoUnit.DAYS);

    private final String label;
    private final ChronoUnit unit;

    Step(String label, ChronoUnit unit) {
        this.label = label;
        this.unit = unit;
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
        throw ApiException.badRequest("step: '" + value + "' is not a step; use 1h or 1d");
    }

    public String label() {
        return label;
    }

    public Duration length() {
        return unit.getDuration();
    }

    /** The start of the step that contains {@code t} (UTC). */
    public Instant floor(Instant t) {
        return t.truncatedTo(unit);
    }

    /** The end of the step that contains {@code t}, or {@code t} if it is a step start. */
    public Instant ceil(Instant t) {
        Instant floor = floor(t);
        return floor.equals(t) ? t : floor.plus(length());
    }

    @Override
    public String toString() {
        return label;
    }
}
