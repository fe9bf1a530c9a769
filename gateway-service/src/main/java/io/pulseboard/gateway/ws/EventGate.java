package io.pulseboard.gateway.ws;

import io.pulseboard.gateway.routing.EventSample;
import java.util.function.LongSupplier;

/**
 * Decides, for one connection, which sampled events become {@code event} frames (design.md, the "Events:" rule of
 * the edge): an event of its subscriptions is sent if it fits in the outbound queue and the {@link EventBucket}
 * has a token for it; what is not sent is counted in the next frame's {@code skipped}. Not thread-safe.
 */
final class EventGate {

    /** What became of an offered sample. */
    enum Verdict {
        /** Send it, with {@link #takeSkipped()} as its {@code skipped}. */
        SEND,
        /** Not an event of the connection's subscriptions (not an error, for errors only): nothing to count. */
        NOT_FOLLOWED,
        /** Over the connection's event limit: skipped. */
        RATE_LIMITED,
        /** The outbound queue is at its bound: skipped, never queued behind a slow client. */
        QUEUE_FULL
    }

    private final EventBucket bucket;
    private final SkippedEvents skipped = new SkippedEvents();

    EventGate(int perSecond, LongSupplier nanoTime) {
        this.bucket = new EventBucket(perSecond, nanoTime);
    }

    /**
     * Offers a sample of a stream the connection follows ({@code errorsOnly}: its errors only); {@code queueHasRoom}
     * whether the outbound queue is below its bound. The queue is looked at first, so a slow client takes no token.
     */
    Verdict offer(EventSample sample, boolean errorsOnly, boolean queueHasRoom) {
        skipped.leftOutBefore(sample, errorsOnly);
        if (errorsOnly && !sample.error()) {
            return Verdict.NOT_FOLLOWED;
        }
        if (!queueHasRoom) {
            skipped.notSent();
            return Verdict.QUEUE_FULL;
        }
        if (!bucket.tryTake(sample.error())) {
            skipped.notSent();
            return Verdict.RATE_LIMITED;
        }
        return Verdict.SEND;
    }

    /** The {@code skipped} of the frame of a sample just let through; counting starts again from zero. */
    long takeSkipped() {
        return skipped.takeForFrame();
    }
}
