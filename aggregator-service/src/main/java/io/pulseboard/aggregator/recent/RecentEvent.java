package io.pulseboard.aggregator.recent;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/** A kept event as the REST API shows it (docs/design.md, RecentEvent); {@code event} is its JSON. */
public record RecentEvent(
        String ref,
        Instant received,
        String stream,
        @JsonRawValue String event) {

    public static RecentEvent of(StoredEvent e) {
        return new RecentEvent(e.ref(), e.received(), e.stream(), e.event());
    }
}
