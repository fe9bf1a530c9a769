package io.pulseboard.aggregator.support;

import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Work that must eventually succeed (PostgreSQL may be away for a while): tried until it does, or
 * until the caller is told to stop, waiting longer after each failure. The calling thread waits; if it is interrupted, an
 * IllegalStateException ends the tries.
 */
public final class Retries {

    /** Told of each failure, before the wait. */
    @FunctionalInterface
    public interface Failure {
        void failed(int attempt, RuntimeException e);
    }

    private Retries() {}

    /** Thrown when tries end because the caller was told to stop, not because the work succeeded. */
    public static final class Stopped extends IllegalStateException {

        Stopped(RuntimeException last) {
            super("stopped while retrying", last);
        }
    }

    /**
     * The answer of {@code work} (null if it answers null), tried for as long as it takes unless
     * {@code stop} says so before an attempt or after a failure (shutting down, say): then
     * {@link Stopped} is thrown, with the last failure as its cause, so that the caller's work is not
     * taken for done. A failure while stopping is not told.
     */
    public static <T> T forever(Supplier<T> work, Backoff backoff, BooleanSupplier stop, Failure onFailure) {
        RuntimeException last = null;
        for (int attempt = 1; !stop.getAsBoolean(); attempt++) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                last = e;
                if (stop.getAsBoolean()) {
                    break;
                }
                onFailure.failed(attempt, e);
                Sleeps.sleep(backoff.delay(attempt));
            }
        }
        throw new Stopped(last);
    }

    /**
     * The answer of {@code work}, which must not be null; empty if {@code giveUp} says so before an
     * attempt or after a failure (shutting down, say). A failure while giving up is not told.
     */
    public static <T> Optional<T> untilDone(
            Supplier<T> work, Backoff backoff, BooleanSupplier giveUp, Failure onFailure) {
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
