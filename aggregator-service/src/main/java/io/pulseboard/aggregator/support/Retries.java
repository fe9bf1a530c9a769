package io.pulseboard.aggregator.support;

import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Work that must eventually succeed (PostgreSQL may be away for a while): tried until it does,
 * waiting longer after each failure. The calling thread waits; if it is interrupted, an
 * IllegalStateException ends the tries.
 */
public final class Retries {

    /** Told of each failure, before the wait. */
    @FunctionalInterface
    public interface Failure {
        void failed(int attempt, RuntimeException e);
    }

    private Retries() {
    }

    /** The answer of {@code work} (null if it answers null), tried for as long as it takes. */
    public static <T> T forever(Supplier<T> work, Backoff backoff, Failure onFailure) {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                onFailure.failed(attempt, e);
                Sleeps.sleep(backoff.delay(attempt));
            }
        }
    }

    /**
     * The answer of {@code work}, which must not be null; empty if {@code giveUp} says so before an
     * attempt or after a failure (shutting down, say). A failure while giving up is not told.
     */
    public static <T> Optional<T> untilDone(Supplier<T> work, Backoff backoff, BooleanSupplier giveUp, Failure onFailure) {
        for (int attempt = 1; !giveUp.getAsBoolean(); attempt++) {
            T answer;
            try {
                answer = work.get();
            } catch (RuntimeException e) {
                if (giveUp.getAsBoolean()) {
                    break;
                }
                onFailure.failed(attempt, e);
                Sleeps.sleep(backoff.delay(attempt));
                continue;
            }
            return Optional.of(Objects.requireNonNull(answer, "the retried work answered null"));
        }
        return Optional.empty();
    }
}
