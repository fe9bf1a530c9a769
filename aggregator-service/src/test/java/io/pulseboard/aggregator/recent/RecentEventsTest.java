package io.pulseboard.aggregator.recent;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulseboard.infra.testkit.PulseInfraTestResource;
import io.pulseboard.model.Problem;
import io.pulseboard.model.Topics;
import io.pulseboard.model.json.PulseJson;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Recent events, the live feed and dead letters, from the real broker into the real database: the
 * kept events of a stream are exactly its last 20 and, besides them, its last 10 errors (the test
 * profile's numbers), in pages; the samples on pulse.samples carry every error and say what they
 * left out; dead letters are counted by reason and stream exactly, and noticed on pulse.samples.
 */
@QuarkusTest
@WithTestResource(PulseInfraTestResource.class)
class RecentEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final String id = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aStreamKeepsItsLastEventsAndErrorsAndTheFeedCarriesEveryErrorAndWhatItLeftOut() throws Exception {
        String stream = "recent-" + id;
        String other = "recent-" + id + "-other";
        Instant now = Instant.now();
        List<String> sent = new ArrayList<>(); // ids, in order
        List<String> sentErrors = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            boolean error = i % 4 == 0 && i < 40; // errors early on, then ok events only: old errors stay kept
            String eventId = stream + "-" + i;
            sent.add(eventId);
            if (error) {
                sentErrors.add(eventId);
            }
            values.add(event(stream, eventId, now.plusMillis(i), error));
        }
        send(stream, values);
        send(other, List.of(event(other, other + "-0", now, true)));

        // Kept: the last 20 of all (ids 40..59, no errors) and the last 10 errors (ids 0, 4, ..., 36).
        List<String> expected = new ArrayList<>();
        for (int i = 59; i >= 0; i--) {
            String eventId = sent.get(i);
            if (i >= 40 || sentErrors.contains(eventId)) {
                expected.add(eventId);
            }
        }
        assertThat(expected).hasSize(30);
        List<String> paged = Awaitility.await()
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(300))
                .until(
                        () -> allPages("/api/streams/" + stream + "/events", Map.of("limit", "7")),
                        ids -> ids.equals(expected));
        assertThat(paged).isEqualTo(expected);

        JsonNode errors = get("/api/streams/" + stream + "/events", Map.of("status", "error", "limit", "200"));
        assertThat(ids(errors))
                .isEqualTo(expected.stream().filter(sentErrors::contains).toList());
        JsonNode first = errors.get("events").get(0);
        assertThat(first.get("stream").asText()).isEqualTo(stream);
        assertThat(first.get("ref").asText()).matches("\\d+:\\d+");
        assertThat(first.get("event").get("status").asText()).isEqualTo("error");
        assertThat(first.get("event").get("error_type").asText()).isEqualTo("timeout");
        assertThat(first.get("event").get("message").asText()).isEqualTo("upstream timed out after 812 ms");
        assertThat(first.get("event").get("tags").get("route").asText()).isEqualTo("/pay");
        assertThat(first.get("event").get("values").get("latency_ms").asDouble())
                .isEqualTo(812.5);
        assertThat(get("/api/streams/" + stream + "/events", Map.of("status", "ok", "limit", "200"))
                        .get("events"))
                .allSatisfy(
                        e -> assertThat(e.get("event").get("status").asText()).isEqualTo("ok"));

        // Across streams, by glob: both streams' errors, newest first.
        JsonNode across =
                get("/api/events/recent", Map.of("stream", "recent-" + id + "*", "status", "error", "limit", "200"));
        assertThat(ids(across))
                .contains(other + "-0")
                .containsAll(sentErrors.subList(sentErrors.size() - 10, sentErrors.size()));
        JsonNode onlyOther = get("/api/events/recent", Map.of("stream", "recent-" + id + "-*"));
        assertThat(ids(onlyOther)).containsExactly(other + "-0");

        // The feed: every error (10 of them, well under 50 a second), ok events within 10 a second, and
        // the events of the stream not sampled accounted for by the samples' skipped counts.
        Map<String, JsonNode> samples = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = samplesConsumer()) {
            Awaitility.await().atMost(WAIT).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode batch = PulseJson.mapper().readTree(r.value());
                    if (!"events".equals(batch.get("type").asText())) {
                        continue;
                    }
                    for (JsonNode n : batch.get("samples")) {
                        if (stream.equals(n.get("stream").asText())) {
                            // Keyed by the partition of pulse.events the samples come from: in order per stream.
                            assertThat(r.key()).isEqualTo(n.get("ref").asText().split(":")[0]);
                            samples.put(n.get("event").get("id").asText(), n);
                        }
                    }
                }
                return samples.keySet().containsAll(sentErrors);
            });
        }
        long sampledOk = samples.values().stream()
                .filter(n -> n.get("event").get("status").asText().equals("ok"))
                .count();
        long skipped = samples.values().stream()
                .mapToLong(n -> n.get("skipped").asLong())
                .sum();
        assertThat(sampledOk).isLessThanOrEqualTo(10L * 3); // the 60 events are counted within a few seconds
        assertThat(samples.values())
                .allSatisfy(n -> assertThat(n.get("skipped_errors").asLong()).isZero());
        assertThat(samples.size() + skipped).isLessThanOrEqualTo(60);
        assertThat(samples.size()).isGreaterThanOrEqualTo(sentErrors.size());
    }

    @Test
    void keptEventsStayExactAcrossManyCheckpoints() throws Exception {
        // Rounds of events, each stored (so written by its own checkpoint) before the next is sent: old
        // batches are pruned or keep only their errors, and the pages stay exactly the last 20 events
        // and, besides them, the last 10 errors.
        String stream = "rounds-" + id;
        Instant now = Instant.now();
        Random random = new Random(3);
        List<String> sent = new ArrayList<>();
        List<String> sentErrors = new ArrayList<>();
        for (int round = 0; round < 8; round++) {
            int n = 1 + random.nextInt(30);
            double errorRate = round % 3 == 0 ? 0.5 : round % 3 == 1 ? 0.0 : 0.1;
            List<byte[]> values = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                boolean error = random.nextDouble() < errorRate;
                String eventId = stream + "-" + sent.size();
                sent.add(eventId);
                if (error) {
                    sentErrors.add(eventId);
                }
                values.add(event(stream, eventId, now.plusMillis(sent.size()), error));
            }
            send(stream, values);
            List<String> expected = new ArrayList<>();
            for (int i = sent.size() - 1; i >= 0; i--) {
                String eventId = sent.get(i);
                int errorIndex = sentErrors.indexOf(eventId);
                if (i >= sent.size() - 20 || (errorIndex >= 0 && errorIndex >= sentErrors.size() - 10)) {
                    expected.add(eventId);
                }
            }
            Awaitility.await()
                    .atMost(WAIT)
                    .pollInterval(Duration.ofMillis(300))
                    .until(
                            () -> allPages("/api/streams/" + stream + "/events", Map.of("limit", "6")),
                            ids -> ids.equals(expected));
            List<String> expectedErrors =
                    expected.stream().filter(sentErrors::contains).toList();
            assertThat(allPages("/api/streams/" + stream + "/events", Map.of("status", "error", "limit", "4")))
                    .as("errors after round %d", round)
                    .isEqualTo(expectedErrors);
            assertThat(allPages(
                            "/api/events/recent", Map.of("stream", "rounds-" + id + "*", "status", "ok", "limit", "5")))
                    .as("ok events after round %d", round)
                    .isEqualTo(expected.stream()
                            .filter(e -> !sentErrors.contains(e))
                            .toList());
        }
    }

    @Test
    void deadLettersAreCountedByReasonAndStreamAndNoticed() throws Exception {
        String stream = "dead-" + id;
        Instant since = Instant.now();
        List<byte[]> values = List.of(
                "not json".getBytes(StandardCharsets.UTF_8),
                event(stream, "old", Instant.now().minus(Duration.ofDays(3)), false),
                event(stream, "future", Instant.now().plus(Duration.ofHours(5)), false),
                event(stream, "fine", Instant.now(), false),
                "{\"stream\":\"BAD\"}".getBytes(StandardCharsets.UTF_8));
        send(stream, values);
        // A record keyed by another stream than its event's.
        send("someone-else-" + id, List.of(event(stream, "wrong-key", Instant.now(), false)));

        JsonNode summary = Awaitility.await()
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(300))
                .until(
                        () -> get("/api/dead-letters", Map.of("since", since.toString())),
                        s -> counts(s, stream).size() >= 3
                                && counts(s, "someone-else-" + id).size() == 1);
        assertThat(counts(summary, stream)).isEqualTo(Map.of("invalid", 2L, "too_old", 1L, "too_far_in_future", 1L));
        assertThat(counts(summary, "someone-else-" + id)).isEqualTo(Map.of("record_key", 1L));
        List<JsonNode> mine = new ArrayList<>();
        summary.get("last").forEach(l -> {
            if (stream.equals(l.path("stream").asText())
                    || ("someone-else-" + id).equals(l.path("stream").asText())) {
                mine.add(l);
            }
        });
        assertThat(mine)
                .extracting(l -> l.get("reason_code").asText())
                .containsExactlyInAnyOrder("invalid", "too_old", "too_far_in_future", "invalid", "record_key");
        JsonNode notJson = mine.stream()
                .filter(l -> "not json".equals(l.get("value").asText()))
                .findFirst()
                .orElseThrow();
        assertThat(notJson.get("reason").asText()).isNotBlank();
        assertThat(notJson.get("source").asText()).startsWith(Topics.EVENTS + "-");
        assertThat(summary.get("total").asLong()).isGreaterThanOrEqualTo(5);

        // The notices on pulse.samples add up to at least what this test sent (other tests dead-letter too).
        try (KafkaConsumer<String, byte[]> consumer = samplesConsumer()) {
            long[] noticed = new long[1];
            Awaitility.await().atMost(WAIT).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode n = PulseJson.mapper().readTree(r.value());
                    if ("dead_letters".equals(n.get("type").asText()) && r.timestamp() >= since.toEpochMilli()) {
                        assertThat(r.key()).isNull();
                        noticed[0] += n.get("count").asLong();
                        assertThat(n.get("last").get("reason_code").asText()).isNotBlank();
                    }
                }
                return noticed[0] >= 5;
            });
        }

        given().queryParam("since", "yesterday-ish")
                .get("/api/dead-letters")
                .then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE);
        given().queryParam("limit", "500")
                .get("/api/streams/" + stream + "/events")
                .then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE);
        given().queryParam("status", "broken")
                .get("/api/streams/" + stream + "/events")
                .then()
                .statusCode(400);
        given().queryParam("before", "nope")
                .get("/api/streams/" + stream + "/events")
                .then()
                .statusCode(400);
        given().queryParam("stream", "a.***").get("/api/events/recent").then().statusCode(400);
        given().get("/api/streams/NOT A STREAM/events").then().statusCode(400);
    }

    private static Map<String, Long> counts(JsonNode summary, String stream) {
        Map<String, Long> out = new HashMap<>();
        summary.get("counts").forEach(c -> {
            if (stream.equals(c.path("stream").asText())) {
                out.merge(c.get("reason_code").asText(), c.get("count").asLong(), Long::sum);
            }
        });
        return out;
    }

    private static List<String> allPages(String path, Map<String, String> query) throws Exception {
        List<String> out = new ArrayList<>();
        String next = null;
        do {
            Map<String, String> q = new HashMap<>(query);
            if (next != null) {
                q.put("before", next);
            }
            JsonNode page = get(path, q);
            out.addAll(ids(page));
            next = page.get("next").isNull() ? null : page.get("next").asText();
        } while (next != null);
        return out;
    }

    private static JsonNode get(String path, Map<String, String> query) throws Exception {
        RequestSpecification r = given();
        query.forEach(r::queryParam);
        return PulseJson.mapper()
                .readTree(r.get(path).then().statusCode(200).extract().asByteArray());
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("events").forEach(e -> ids.add(e.get("event").get("id").asText()));
        return ids;
    }

    private static byte[] event(String stream, String id, Instant time, boolean error) {
        String status = error
                ? "\"status\":\"error\",\"error_type\":\"timeout\",\"message\":\"upstream timed out after 812 ms\","
                : "";
        return ("{\"stream\":\"" + stream + "\",\"id\":\"" + id + "\",\"time\":\"" + time + "\"," + status
                        + "\"values\":{\"latency_ms\":812.5},\"tags\":{\"route\":\"/pay\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private KafkaConsumer<String, byte[]> samplesConsumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "samples-test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.SAMPLES));
        return consumer;
    }

    private void send(String key, List<byte[]> values) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] v : values) {
                producer.send(new ProducerRecord<>(Topics.EVENTS, key.getBytes(StandardCharsets.UTF_8), v));
            }
            producer.flush();
        }
    }
}
