package io.pulseboard.aggregator.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulseboard.aggregator.recent.KeptEvent;
import io.pulseboard.aggregator.recent.Sampler;
import io.pulseboard.model.Event;
import io.pulseboard.model.Status;
import io.pulseboard.model.json.PulseJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Samples packed into records: each once, in order per partition, keyed by it, within the size. */
class SampleBatchesTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:15:30Z");

    @Test
    void everySampleIsInItsPartitionsRecordsInOrderAndNoRecordIsOverTheSize() {
        int maxBytes = 4096;
        Random random = new Random(7);
        SampleBatches batches = new SampleBatches(maxBytes);
        Map<String, List<String>> sent = new HashMap<>();
        for (int i = 0; i < 2_000; i++) {
            int partition = random.nextInt(3);
            String message = "x".repeat(random.nextInt(600));
            batches.add(sample(partition, i, message, i % 7));
            sent.computeIfAbsent(Integer.toString(partition), p -> new ArrayList<>())
                    .add(partition + ":" + i);
        }

        Map<String, List<String>> read = new HashMap<>();
        for (SampleBatches.Batch b : batches.finish()) {
            assertThat(b.value().length).isLessThanOrEqualTo(maxBytes);
            JsonNode record = tree(b.value());
            assertThat(record.get("type").asText()).isEqualTo("events");
            for (JsonNode s : record.get("samples")) {
                assertThat(s.get("ref").asText()).startsWith(b.key() + ":");
                assertThat(s.get("event").get("stream").asText())
                        .isEqualTo(s.get("stream").asText());
                assertThat(s.get("skipped_errors").asLong())
                        .isLessThanOrEqualTo(s.get("skipped").asLong());
                read.computeIfAbsent(b.key(), p -> new ArrayList<>())
                        .add(s.get("ref").asText());
            }
        }
        assertThat(read).isEqualTo(sent);
        assertThat(batches.finish()).as("finish starts afresh").isEmpty();
    }

    @Test
    void aSampleLargerThanTheSizeGetsARecordOfItsOwn() {
        SampleBatches batches = new SampleBatches(1024);
        batches.add(sample(0, 1, "small", 0));
        batches.add(sample(0, 2, "y".repeat(5000), 0));
        batches.add(sample(0, 3, "small", 0));
        List<SampleBatches.Batch> records = batches.finish();
        assertThat(records).hasSize(3);
        assertThat(records)
                .extracting(
                        b -> tree(b.value()).get("samples").get(0).get("ref").asText())
                .containsExactly("0:1", "0:2", "0:3");
    }

    private static JsonNode tree(byte[] json) {
        return PulseJson.fromJson(new String(json, StandardCharsets.UTF_8), JsonNode.class);
    }

    private static Sampler.Sample sample(int partition, long offset, String message, long skipped) {
        Event e = new Event(
                "s" + partition,
                T0,
                Status.ERROR,
                "timeout",
                Map.of("latency_ms", 12.5),
                Map.of("route", "/pay"),
                message,
                null,
                "id-" + offset);
        return new Sampler.Sample(new KeptEvent(partition, offset, T0, e), skipped, skipped / 2);
    }
}
