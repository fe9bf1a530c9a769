package io.pulseboard.aggregator.recent;

import io.pulseboard.model.Event;
import io.pulseboard.model.Status;
import java.time.Instant;

/**
 * A counted event with where it was read: partition and offset of its record in pulse.events, and
 * the record's timestamp.
 */
public record KeptEvent(int partition, long offset, Instant received, Event event) {

    /** {@code <partition>:<offset>}: unique, the same every time the record is read. */
    public String ref() {
        return partition + ":" + offset;
    }

    public boolean isError() {
        return event.status() == Status.ERROR;
    }

    public String stream() {
        return event.stream();
    }
}
