package io.pulseboard.gateway.routing;

import java.util.Collection;

/** A connection as the {@link Hub} sees it: somewhere to put messages, without ever waiting. */
public interface Subscriber {

    /**
     * Queues a message. {@code key} names the state it carries (a (stream, hour), a (stream, minute), an
     * alert), so that a newer state of the same key may replace a waiting older one; null for a message that
     * must be delivered as is. Must not block.
     */
    void deliver(String key, String frame);

    /**
     * Queues a message that carries several states (a stream's minutes snapshot) at their latest revisions:
     * the waiting messages of the {@code carried} keys hold the same or older states and are dropped, so that
     * none of them comes after it with an older state. {@code key} is as for {@link #deliver(String, String)}.
     */
    void deliver(String key, String frame, Collection<String> carried);

    /**
     * Offers a sampled event of a stream this connection follows; {@code errorsOnly} when it follows the stream's
     * errors only. The connection decides whether it is sent (its event limit, its queue) and counts what is not.
     * Every sample of the stream is offered, errors or not, so that an errors-only connection learns what the
     * aggregator left out. Must not block.
     */
    void offerEvent(EventSample sample, boolean errorsOnly);
}
