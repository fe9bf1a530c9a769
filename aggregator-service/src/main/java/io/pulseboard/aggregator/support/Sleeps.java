package io.pulseboard.aggregator.support;

import java.time.Duration;

/** A pause on a thread of our own (a retry's wait): an interrupt ends it and is passed on. */
public final class Sleeps {

    private Sleeps() {}

    /** Sleeps for {@code time}; if interrupted, keeps the interrupt flag and throws IllegalStateException. */
    public static void sleep(Duration time) {
        try {
            Thread.sleep(time.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
