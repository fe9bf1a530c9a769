package io.pulseboard.gateway.routing;

/** A connection as the {@link Hub} sees it: somewhere to put messages, without ever waiting. */
public interface Subscriber {

    /**
     * Queues a message. {@code key} names the state it carries (a (stream, hour), an alert), so that a
     * newer state of the same key may replace a waiting older one; null for a message that must be
     * delivered as is. Must not block.
     */
    void deliver(String key, String frame);
}
