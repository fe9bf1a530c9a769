package io.pulseboard.aggregator.recent;

import java.time.Instant;

/**
 * A kept event as read back from its batch: where its record is in pulse.events, the record's
 * timestamp, and the event's JSON.
 */
public record StoredEvent(String stream, int partition, long offset, Instant received, boolean error, String event) {

    /** {@code <partition>:<offset>}, as {@link KeptEvent#ref()}. */
    public String ref() {
        return partition + ":" + offset;
    }
}
