package io.pulseboard.aggregator.support;

import java.time.Duration;

/**
 * How long to wait before trying again: {@code step} times the number of failed attempts so far,
 * at most {@code max}.
 */
public record Backoff(Duration step, Duration max) {

    public Backoff {
        if (step.isNegative() || step.isZero() || max.compareTo(step) < 0) {
            throw new IllegalArgumentException("a backoff needs 0 < step <= max, not step " + step + " and max " + max);
        }
    }

    /** The wait after failed attempt {@code attempt} (1 for the first). */
    public Duration delay(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1, not " + attempt);
        }
        Duration grown = step.multipliedBy(attempt);
        return grown.compareTo(max) < 0 ? grown : max;
    }
}
