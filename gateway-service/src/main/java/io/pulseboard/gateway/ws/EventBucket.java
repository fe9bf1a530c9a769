package io.pulseboard.gateway.ws;

import java.util.function.LongSupplier;

/**
 * The event limit of one connection: a token bucket of {@code perSecond} tokens a second and as many at most, in
 * which an error may take any token and another event only one of the upper half. So over any t seconds at most
 * {@code perSecond × (1 + t)} frames go out, other events never leave fewer than half a bucket (rounded down) for
 * the errors, and errors come first when both are more than the limit. Not thread-safe.
 */
final class EventBucket {

    /** A token, in the unit the bucket counts in: a token a second refills one unit a nanosecond, exactly. */
    private static final long TOKEN = 1_000_000_000L;

    private final long perSecond;
    private final long capacity;
    /** What other events must leave: the lower half, rounded down (none for a limit of 1), only errors take it. */
    private final long reserve;

    private final LongSupplier nanoTime;
    private long units;
    private long last;

    /** {@code nanoTime}: a monotonic clock in nanoseconds ({@code System::nanoTime}, or a test's). */
    EventBucket(int perSecond, LongSupplier nanoTime) {
        checkLimit(perSecond);
        this.perSecond = perSecond;
        this.capacity = perSecond * TOKEN;
        this.reserve = perSecond / 2 * TOKEN;
        this.nanoTime = nanoTime;
        this.units = capacity;
        this.last = nanoTime.getAsLong();
    }

    /** Refuses a limit the bucket cannot work with, naming the setting. */
    static void checkLimit(int perSecond) {
        if (perSecond < 1) {
            throw new IllegalArgumentException(
                    "pulse.gateway.events.max-per-second is " + perSecond + "; it must be at least 1");
        }
    }

    /** Takes a token for an event, if one it may take is there. */
    boolean tryTake(boolean error) {
        long now = nanoTime.getAsLong();
        // An empty bucket is full again after a second: longer pauses add nothing (and cannot overflow).
        long elapsed = Math.min(Math.max(0, now - last), TOKEN);
        units = Math.min(capacity, units + elapsed * perSecond);
        last = now;
        if (units >= (error ? TOKEN : reserve + TOKEN)) {
            units -= TOKEN;
            return true;
        }
        return false;
    }
}
