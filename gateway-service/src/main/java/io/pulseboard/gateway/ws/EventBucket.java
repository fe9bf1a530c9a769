package io.pulseboard.gateway.ws;

import java.util.function.LongSupplier;

/**
 * The event limit of one connection: a token bucket of {@code perSecond} tokens a second and as many at most, in
 * which an error may take any token and another event only one of the upper half. So over any t seconds at most
 * {@code perSecond × (1 + t)} frames go out, other events never leave fewer than half a bucket (rounded down) for
 * the errors, and errors come first when both are more than the limit. Not thread-safe.
 */
final class EventBucket {

    private final double perNano;
    private final double capacity;
    /** Tokens that only errors may take: the lower half, rounded down (none for a limit of 1). */
    private final double reserve;
    private final LongSupplier nanoTime;
    private double tokens;
    private long last;

    /** {@code nanoTime}: a monotonic clock in nanoseconds ({@code System::nanoTime}, or a test's). */
    EventBucket(int perSecond, LongSupplier nanoTime) {
        checkLimit(perSecond);
        this.perNano = perSecond / 1e9;
        this.capacity = perSecond;
        this.reserve = perSecond / 2;
        this.nanoTime = nanoTime;
        this.tokens = perSecond;
        this.last = nanoTime.getAsLong();
    }

    /** Refuses a limit the bucket cannot work with, naming the setting. */
    static void checkLimit(int perSecond) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("pulse.gateway.events.max-per-second is " + perSecond + "; it must be at least 1");
        }
    }

    /** Takes a token for an event, if one it may take is there. */
    boolean tryTake(boolean error) {
        long now = nanoTime.getAsLong();
        tokens = Math.min(capacity, tokens + Math.max(0, now - last) * perNano);
        last = now;
        if (tokens >= (error ? 1 : reserve + 1)) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
