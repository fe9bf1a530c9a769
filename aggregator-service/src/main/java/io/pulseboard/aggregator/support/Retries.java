package io.pulseboard.aggregator.support;

import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Work that must eventually succeed (PostgreSQL may be away for a while): tried until it does. */
public final class Retries {

    /** Told of each failure, before the wait. */
    @FunctionalInterface
    public interface Failure {
        void failed(int attempt, RuntimeException e);
    }

    private Retries() {
    }

    /**
     * The answer of {@code work}, tried again after each failure once the backoff's delay has passed;
     * empty if {@code giveUp} says so before an attempt or after a failure (shutting down, say).
     * The calling thread waits; if it is interrupted, an IllegalStateException ends the tries.
     */
    public static <T> Optional<T> untilDone(Supplier<T> work, Backoff backoff, BooleanSupplier giveUp, Failure onFailure) {
        for (int attempt = 1; !giveUp.getAsBoolean(); attempt++) {
            try {
                return Optional.of(work.get());
            } catch (RuntimeException e) {
                if (giveUp.getAsBoolean()) {
                    break;
                }
                onFailure.failed(attempt, e);
                Sleeps.sleep(backoff.delay(attempt));
            }
        }
        return Optional.empty();
    }
}
