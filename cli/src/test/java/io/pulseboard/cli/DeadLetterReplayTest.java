package io.pulseboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulseboard.infra.PulseInfra;
import io.pulseboard.infra.testkit.TopicReader;
import io.pulseboard.model.Topics;
import io.pulseboard.model.json.PulseJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pulse dlq export} and {@code pulse pipe} as processes against the real broker of the test seam:
 * dead letters written to pulse.events.dlq as the aggregator writes them (the raw record, the reason and
 * where it came from in headers) are exported, fixed and piped back.
 */
class DeadLetterReplayTest {

    private static String kafka;

    @TempDir
    Path dir;

    /** This test's streams are {@code replay-<run>.*}, so it reads its own dead letters of the shared topic. */
    private final String run = "r" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void broker() {
        kafka = PulseInfra.shared().kafkaBootstrapServers();
    }

    @Test
    void exportedDeadLettersOnceFixedArePipedBackOnceAndWhatIsStillBadIsReportedByLine() throws Exception {
        Instant now = Instant.now();
        String old = now.minus(Duration.ofDays(9)).toString();
        String checkout = stream("checkout");
        deadLetters(
                letter(
                        checkout,
                        event(checkout, 1, old, ",\"status\":\"error\",\"message\":\"upstream timed out\""),
                        "time: event time " + old + " is older than the maximum lateness of 7d",
                        now),
                letter(checkout, "not json, a log line", "invalid JSON: Unrecognized token 'not'", now),
                letter(
                        "someone-else-" + run,
                        event(checkout, 3, now.toString(), ""),
                        "record key: the record's key 'someone-else' is not the event's stream",
                        now),
                letter(checkout, event(checkout, 4, old, ""), "time: too old, and left so", now),
                letter("other-" + run, event("other-" + run, 5, now.toString(), ""), "another stream's", now),
                letter(
                        checkout,
                        event(checkout, 6, now.toString(), ""),
                        "before --since",
                        now.minus(Duration.ofDays(2))));
        Path export = dir.resolve("dlq.ndjson");

        PulseProcess.Result exported = PulseProcess.run(
                "dlq",
                "export",
                "--stream",
                "replay-" + run + ".*",
                "--output",
                export.toString(),
                "--bootstrap-servers",
                kafka);

        assertThat(exported.exitCode()).as(exported.err()).isZero();
        assertThat(exported.err()).contains("pulse dlq export: exported 4 dead letters of pulse.events.dlq since ");
        List<String> lines = Files.readAllLines(export, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(4);
        JsonNode first = PulseJson.fromJson(lines.get(0), JsonNode.class);
        assertThat(first.get("dead_letter").get("reason").asText()).contains("older than the maximum lateness");
        assertThat(first.get("dead_letter").get("source").asText()).isEqualTo("pulse.events-2@1001");
        assertThat(Instant.parse(first.get("dead_letter").get("time").asText()))
                .isEqualTo(now.truncatedTo(ChronoUnit.MILLIS));
        assertThat(first.get("event").get("id").asText()).isEqualTo(id(1));
        assertThat(PulseJson.fromJson(lines.get(1), JsonNode.class).get("event").asText())
                .isEqualTo("not json, a log line");
        assertThat(PulseJson.fromJson(lines.get(2), JsonNode.class)
                        .get("event")
                        .get("id")
                        .asText())
                .as("a record keyed by another name is found by its event's stream")
                .isEqualTo(id(3));

        // The fix: the too-old event of line 1 moved to now; line 2 (no JSON) and line 4 (still too old) left.
        ObjectNode fixed = (ObjectNode) first;
        ((ObjectNode) fixed.get("event")).put("time", Instant.now().toString());
        lines.set(0, PulseJson.toJson(fixed));
        lines.add(event(checkout, 7, Instant.now().toString(), "")); // a plain event line among them
        Path edited = dir.resolve("fixed.ndjson");
        Files.write(edited, lines, StandardCharsets.UTF_8);

        PulseProcess.Result piped =
                PulseProcess.run("pipe", "--on-error=skip", edited.toString(), "--bootstrap-servers", kafka);

        assertThat(piped.exitCode()).as(piped.err()).isEqualTo(1);
        assertThat(piped.err())
                .contains(edited + ":2: event: is the record's value as text, not an event")
                .contains(edited + ":4: event.time: event time " + old)
                .doesNotContain(edited + ":1:")
                .doesNotContain(edited + ":3:")
                .contains("sent 3, rejected 2, failed 0");
        Map<String, ConsumerRecord<String, String>> published = publishedById();
        assertThat(published.keySet()).containsExactlyInAnyOrder(id(1), id(3), id(7));
        assertThat(published.values()).allSatisfy(r -> assertThat(r.key()).isEqualTo(checkout));
        JsonNode replayed = PulseJson.fromJson(published.get(id(1)).value(), JsonNode.class);
        assertThat(replayed.get("message").asText()).isEqualTo("upstream timed out");
        assertThat(replayed.get("time").asText())
                .isEqualTo(fixed.get("event").get("time").asText());
    }

    @Test
    void sinceMaxAndFollowChooseWhatIsExported() throws Exception {
        Instant now = Instant.now();
        String s = stream("follow");
        deadLetters(
                letter(s, event(s, 1, now.toString(), ""), "three days ago", now.minus(Duration.ofDays(3))),
                letter(s, event(s, 2, now.toString(), ""), "an hour ago", now.minus(Duration.ofHours(1))),
                letter(s, event(s, 3, now.toString(), ""), "now", now));

        assertThat(exportedIds("--since", "2d")).containsExactly(id(2), id(3));
        assertThat(exportedIds("--since", now.minus(Duration.ofDays(4)).toString()))
                .containsExactly(id(1), id(2), id(3));
        assertThat(exportedIds("--since", "7d", "--max", "2")).containsExactly(id(1), id(2));

        Path followed = dir.resolve("followed.ndjson");
        PulseProcess follower = PulseProcess.start(
                null,
                "dlq",
                "export",
                "--follow",
                "--since",
                now.toString(),
                "--stream",
                s,
                "--output",
                followed.toString(),
                "--bootstrap-servers",
                kafka);
        deadLetters(letter(s, event(s, 4, Instant.now().toString(), ""), "while followed", Instant.now()));
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> ids(followed).contains(id(4)));
        deadLetters(letter(s, event(s, 5, Instant.now().toString(), ""), "later", Instant.now()));
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> ids(followed).contains(id(5)));
        follower.process().destroy(); // SIGTERM: the same shutdown path as Ctrl-C's SIGINT

        PulseProcess.Result result = follower.await();
        assertThat(result.exitCode()).isEqualTo(143);
        assertThat(result.err()).contains("pulse dlq export: interrupted; exported 3 dead letters");
        assertThat(ids(followed)).containsExactly(id(3), id(4), id(5));
    }

    private List<String> exportedIds(String... options) throws IOException {
        Path file = dir.resolve("export-" + UUID.randomUUID() + ".ndjson");
        List<String> args = new ArrayList<>(List.of(
                "dlq",
                "export",
                "--stream",
                stream("follow"),
                "--output",
                file.toString(),
                "--bootstrap-servers",
                kafka));
        args.addAll(List.of(options));
        PulseProcess.Result result = PulseProcess.run(args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.err()).isZero();
        return ids(file);
    }

    private static List<String> ids(Path export) throws IOException {
        if (!Files.exists(export)) {
            return List.of();
        }
        return Files.readAllLines(export, StandardCharsets.UTF_8).stream()
                .map(l -> PulseJson.fromJson(l, JsonNode.class)
                        .get("event")
                        .get("id")
                        .asText())
                .toList();
    }

    private String stream(String name) {
        return "replay-" + run + "." + name;
    }

    private String id(int n) {
        return run + "-" + n;
    }

    private String event(String stream, int n, String time, String more) {
        return "{\"stream\":\"" + stream + "\",\"time\":\"" + time + "\",\"id\":\"" + id(n) + "\"" + more + "}";
    }

    private record Letter(String key, String value, String reason, Instant time) {}

    private static Letter letter(String key, String value, String reason, Instant time) {
        return new Letter(key, value, reason, time);
    }

    /**
     * Writes dead letters as the aggregator does, on one partition so that an export holds them in this order;
     * their sources are made up ({@code pulse.events-2@1001}, …) and their timestamps are the given times.
     */
    private static void deadLetters(Letter... letters) throws InterruptedException, ExecutionException {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < letters.length; i++) {
                Letter l = letters[i];
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                        Topics.EVENTS_DLQ,
                        0,
                        l.time().toEpochMilli(),
                        l.key().getBytes(StandardCharsets.UTF_8),
                        l.value().getBytes(StandardCharsets.UTF_8),
                        List.of(
                                new RecordHeader(Topics.ERROR_HEADER, l.reason().getBytes(StandardCharsets.UTF_8)),
                                new RecordHeader(
                                        Topics.SOURCE_HEADER,
                                        ("pulse.events-2@" + (1001 + i)).getBytes(StandardCharsets.UTF_8))));
                producer.send(record).get();
            }
        }
    }

    /** This test's events on pulse.events by id; fails on an id published twice. */
    private Map<String, ConsumerRecord<String, String>> publishedById() {
        return TopicReader.readAll(kafka, Topics.EVENTS).stream()
                .filter(r -> r.value().contains("\"" + run + "-"))
                .collect(Collectors.toMap(
                        r -> PulseJson.fromJson(r.value(), JsonNode.class)
                                .get("id")
                                .asText(),
                        Function.identity(),
                        (a, b) -> {
                            throw new AssertionError("published twice: " + a.value());
                        }));
    }
}
