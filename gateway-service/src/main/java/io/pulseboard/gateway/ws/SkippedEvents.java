package io.pulseboard.gateway.ws;

import io.pulseboard.gateway.routing.EventSample;

/**
 * What a connection's next {@code event} frame says in {@code skipped}: the events of its subscriptions not sent to
 * it since its previous {@code event} frame, over all its subscriptions. Of an errors-only subscription, errors only.
 * Not thread-safe.
 */
final class SkippedEvents {

    private long count;

    /** What the aggregator left out of the sample's stream before it: all events, or for errors only, the errors. */
    void leftOutBefore(EventSample sample, boolean errorsOnly) {
        add(errorsOnly ? sample.skippedErrors() : sample.skipped());
    }

    /** An event of the connection's subscriptions that it is not sent. */
    void notSent() {
        add(1);
    }

    /** The count for the frame about to be sent; the next one counts from zero. */
    long takeForFrame() {
        long n = count;
        count = 0;
        return n;
    }

    private void add(long n) {
        // Saturates rather than wraps: the counts come from a topic.
        count = count + n < count ? Long.MAX_VALUE : count + n;
    }
}
