package io.pulseboard.aggregator.publish;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.pulseboard.aggregator.recent.Sampler;
import io.pulseboard.model.Event;
import io.pulseboard.model.json.PulseJson;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Packs samples into the records of pulse.samples (docs/design.md, The live feed): {@code {"type":"events",
 * "samples":[…]}}, one record per partition of pulse.events the samples come from, keyed by its number, so a
 * stream's samples stay in order; a record is closed before its samples pass {@code maxBytes} bytes. Not
 * thread-safe.
 */
final class SampleBatches {

    /** A record to send. */
    record Batch(String key, byte[] value) {}

    /** A sampled event in a record. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record EventSample(String ref, Instant received, String stream, Event event, long skipped, long skippedErrors) {}

    private static final byte[] START = "{\"type\":\"events\",\"samples\":[".getBytes(StandardCharsets.UTF_8);
    private static final byte[] END = "]}".getBytes(StandardCharsets.UTF_8);

    private final int maxBytes;
    private final Map<Integer, ByteArrayOutputStream> open = new TreeMap<>();
    private final List<Batch> closed = new ArrayList<>();

    SampleBatches(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Adds a sample to its partition's record (a sample over {@code maxBytes} alone gets a record of its own). */
    void add(Sampler.Sample s) {
        var e = s.event();
        byte[] json = PulseJson.toBytes(
                new EventSample(e.ref(), e.received(), e.stream(), e.event(), s.skipped(), s.skippedErrors()));
        ByteArrayOutputStream record = open.get(e.partition());
        if (record != null && record.size() + 1 + json.length + END.length > maxBytes) {
            close(e.partition(), open.remove(e.partition()));
            record = null;
        }
        if (record == null) {
            record = new ByteArrayOutputStream(Math.min(maxBytes, 16 * 1024));
            record.writeBytes(START);
            open.put(e.partition(), record);
        } else {
            record.write(',');
        }
        record.writeBytes(json);
    }

    /** Every record of what was added, in order per partition; starts afresh. */
    List<Batch> finish() {
        open.forEach(this::close);
        open.clear();
        List<Batch> all = List.copyOf(closed);
        closed.clear();
        return all;
    }

    private void close(int partition, ByteArrayOutputStream record) {
        record.writeBytes(END);
        closed.add(new Batch(Integer.toString(partition), record.toByteArray()));
    }
}
