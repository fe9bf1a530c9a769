package io.pulseboard.gateway.ws;

/**
 * A token bucket: {@code perSecond} frames a second, and a burst of as many. Not thread-safe (one
 * connection's frames arrive on its event loop).
 */
final class RateLimiter {

    private final double perNano;
    private final double capacity;
    private double tokens;
    private long last;

    RateLimiter(int perSecond, long nowNanos) {
        this.perNano = perSecond / 1e9;
        this.capacity = perSecond;
        this.tokens = perSecond;
        this.last = nowNanos;
    }

    /** Takes a token if there is one. */
    boolean tryAcquire(long nowNanos) {
        tokens = Math.min(capacity, tokens + (nowNanos - last) * perNano);
        last = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
