package io.pulseboard.aggregator.recent;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulseboard.model.json.PulseJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one checkpoint keeps of one stream, as one row of {@code pulse_recent_batch}: a row per
 * stream and checkpoint rather than per event, because PostgreSQL's cost is per row (about 30 µs to
 * insert and later prune one), and a busy stream keeps hundreds of events per checkpoint.
 *
 * <p>{@code body} is a JSON array, oldest first, of {@code {"off":…,"received":<epoch ms>,
 * "error":…,"event":{…}}}; {@code events} and {@code errors} count its elements and its errors.
 * {@code ref} is the ref of its last event (unique: an offset belongs to one event of one stream).
 */
public record RecentBatch(String ref, String stream, Instant newest, Instant oldest, int events, int errors,
                          String body) {

    /** The batch of one stream's pending events, oldest first, all of one partition. */
    public static RecentBatch of(List<KeptEvent> events) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a batch needs events");
        }
        StringBuilder body = new StringBuilder(events.size() * 256).append('[');
        Instant newest = Instant.MIN;
        Instant oldest = Instant.MAX;
        int errors = 0;
        for (KeptEvent e : events) {
            body.append(body.length() == 1 ? "" : ",")
                    .append("{\"off\":").append(e.offset())
                    .append(",\"received\":").append(e.received().toEpochMilli())
                    .append(",\"error\":").append(e.isError())
                    .append(",\"event\":").append(PulseJson.toJson(e.event())).append('}');
            newest = e.received().isAfter(newest) ? e.received() : newest;
            oldest = e.received().isBefore(oldest) ? e.received() : oldest;
            errors += e.isError() ? 1 : 0;
        }
        KeptEvent last = events.get(events.size() - 1);
        return new RecentBatch(last.ref(), last.stream(), newest, oldest, events.size(), errors,
                body.append(']').toString());
    }

    /** The events of a stored batch, oldest first. */
    public static List<StoredEvent> decode(String ref, String stream, String body) {
        int partition = Integer.parseInt(ref.substring(0, ref.indexOf(':')));
        try {
            JsonNode array = PulseJson.mapper().readTree(body);
            List<StoredEvent> out = new ArrayList<>(array.size());
            for (JsonNode n : array) {
                out.add(new StoredEvent(stream, partition, n.get("off").asLong(),
                        Instant.ofEpochMilli(n.get("received").asLong()), n.get("error").asBoolean(),
                        n.get("event").toString()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("recent events batch " + ref + " of " + stream + " is not readable", e);
        }
    }
}
