package io.pulseboard.aggregator.recent;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulseboard.model.json.PulseJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What one checkpoint keeps of one stream, as one row of {@code pulse_recent_batch}: a row per
 * stream and checkpoint rather than per event, because PostgreSQL's cost is per row (about 30 µs to
 * insert and later prune one), and a busy stream keeps hundreds of events per checkpoint.
 *
 * <p>{@code okEvents} (null if none) and {@code errorEvents} are JSON arrays, oldest first, of
 * {@code {"off":…,"received":<epoch ms>,"error":…,"event":{…}}}, apart so that dropping a batch's ok
 * events is setting a column to null rather than rewriting JSON; {@code events} and {@code errors}
 * count what it was written with. {@code ref} is the ref of its last event (unique: an offset belongs
 * to one event of one stream).
 */
public record RecentBatch(
        String ref,
        String stream,
        Instant newest,
        Instant oldest,
        int events,
        int errors,
        String okEvents,
        String errorEvents) {

    /** The batch of one stream's pending events, oldest first, all of one partition. */
    public static RecentBatch of(List<KeptEvent> events) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a batch needs events");
        }
        StringBuilder ok = new StringBuilder(events.size() * 256).append('[');
        StringBuilder errors = new StringBuilder().append('[');
        Instant newest = Instant.MIN;
        Instant oldest = Instant.MAX;
        int errorCount = 0;
        for (KeptEvent e : events) {
            StringBuilder to = e.isError() ? errors : ok;
            to.append(to.length() == 1 ? "" : ",")
                    .append("{\"off\":")
                    .append(e.offset())
                    .append(",\"received\":")
                    .append(e.received().toEpochMilli())
                    .append(",\"error\":")
                    .append(e.isError())
                    .append(",\"event\":")
                    .append(PulseJson.toJson(e.event()))
                    .append('}');
            newest = e.received().isAfter(newest) ? e.received() : newest;
            oldest = e.received().isBefore(oldest) ? e.received() : oldest;
            errorCount += e.isError() ? 1 : 0;
        }
        KeptEvent last = events.get(events.size() - 1);
        return new RecentBatch(
                last.ref(),
                last.stream(),
                newest,
                oldest,
                events.size(),
                errorCount,
                errorCount == events.size() ? null : ok.append(']').toString(),
                errors.append(']').toString());
    }

    /** The events of a stored batch, oldest first: its ok events (null: none, or dropped) and its errors. */
    public static List<StoredEvent> decode(String ref, String stream, String okEvents, String errorEvents) {
        int partition = Integer.parseInt(ref.substring(0, ref.indexOf(':')));
        List<StoredEvent> out = new ArrayList<>();
        read(partition, stream, ref, okEvents, out);
        read(partition, stream, ref, errorEvents, out);
        out.sort(Comparator.comparingLong(StoredEvent::offset));
        return out;
    }

    private static void read(int partition, String stream, String ref, String array, List<StoredEvent> out) {
        if (array == null) {
            return;
        }
        try {
            for (JsonNode n : PulseJson.mapper().readTree(array)) {
                out.add(new StoredEvent(
                        stream,
                        partition,
                        n.get("off").asLong(),
                        Instant.ofEpochMilli(n.get("received").asLong()),
                        n.get("error").asBoolean(),
                        n.get("event").toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("recent events batch " + ref + " of " + stream + " is not readable", e);
        }
    }
}
