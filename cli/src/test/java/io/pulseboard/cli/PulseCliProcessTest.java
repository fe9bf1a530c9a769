package io.pulseboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulseboard.infra.PulseInfra;
import io.pulseboard.infra.testkit.TopicReader;
import io.pulseboard.model.Topics;
import io.pulseboard.model.json.PulseJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pulse} processes against the real broker of the test seam. */
class PulseCliProcessTest {

    private static String kafka;

    @TempDir
    Path dir;

    /** Marks this test's events (as their source or id prefix) on the shared topic. */
    private final String run = "t" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void broker() {
        kafka = PulseInfra.shared().kafkaBootstrapServers();
    }

    @Test
    void severalProducersAtOnceGetEveryReportedEventOnTheTopicExactlyOnceWithItsKey() throws IOException {
        Path file = dir.resolve("log.ndjson");
        Files.write(
                file,
                IntStream.range(0, 2000)
                        .mapToObj(i -> "{\"stream\":\"pipe.s" + (i % 4) + "\",\"id\":\"" + run + "-pipe-" + i
                                + "\",\"values\":{\"n\":" + i + "}}")
                        .toList());
        List<PulseProcess> producers = new ArrayList<>();
        producers.add(PulseProcess.start(
                null, "pipe", file.toString(), "--json", "--source", run + "-pipe", "--bootstrap-servers", kafka));
        producers.add(PulseProcess.start(
                null,
                "gen",
                "--rate",
                "0",
                "--count",
                "3000",
                "--seed",
                "7",
                "--json",
                "--source",
                run + "-gen1",
                "--streams",
                "5",
                "--bootstrap-servers",
                kafka));
        producers.add(PulseProcess.start(
                null,
                "gen",
                "--rate",
                "2000",
                "--count",
                "1500",
                "--json",
                "--late-ratio",
                "0.2",
                "--source",
                run + "-gen2",
                "--stream",
                "gen.api",
                "--stream",
                "gen.web",
                "--bootstrap-servers",
                kafka));
        for (int i = 0; i < 3; i++) {
            producers.add(PulseProcess.start(
                    null,
                    "send",
                    "--stream",
                    "send.api",
                    "--id",
                    run + "-send-" + i,
                    "--status",
                    "error",
                    "--error-type",
                    "timeout",
                    "--value",
                    "latency_ms=" + (100 + i),
                    "--tag",
                    "region=eu",
                    "--message",
                    "upstream timed out after " + (100 + i) + " ms",
                    "--json",
                    "--source",
                    run + "-send",
                    "--bootstrap-servers",
                    kafka));
        }
        long reportedSent = 0;
        for (PulseProcess producer : producers) {
            PulseProcess.Result result = producer.await();
            assertThat(result.exitCode()).as(result.err()).isZero();
            JsonNode summary = PulseJson.fromJson(result.out(), JsonNode.class);
            assertThat(summary.path("failed").asLong()).isZero();
            reportedSent += summary.path("sent").asLong();
        }
        assertThat(reportedSent).isEqualTo(2000 + 3000 + 1500 + 3);

        Map<String, ConsumerRecord<String, String>> published = publishedById();
        assertThat(published).hasSize((int) reportedSent);
        published.values().forEach(r -> assertThat(r.key()).isEqualTo(field(r, "stream")));
        assertThat(published.keySet().stream().filter(id -> id.startsWith(run + "-pipe-")))
                .hasSize(2000);
        assertThat(published.keySet().stream().filter(id -> id.startsWith(run + "-gen1-")))
                .hasSize(3000);
        assertThat(published.keySet().stream().filter(id -> id.startsWith(run + "-gen2-")))
                .hasSize(1500);
        ConsumerRecord<String, String> sent = published.get(run + "-send-2");
        JsonNode event = PulseJson.fromJson(sent.value(), JsonNode.class);
        assertThat(event.path("status").asText()).isEqualTo("error");
        assertThat(event.path("error_type").asText()).isEqualTo("timeout");
        assertThat(event.path("values").path("latency_ms").asDouble()).isEqualTo(102.0);
        assertThat(event.path("tags").path("region").asText()).isEqualTo("eu");
        assertThat(event.path("source").asText()).isEqualTo(run + "-send");
        assertThat(event.path("message").asText())
                .as("kept when --source rebuilds the event")
                .isEqualTo("upstream timed out after 102 ms");
        assertThat(field(published.get(run + "-pipe-5"), "source")).isEqualTo(run + "-pipe");
        // gen's errors say what went wrong (its default error types are all upstream failures), its other events
        // nothing.
        List<JsonNode> gen1 = published.entrySet().stream()
                .filter(e -> e.getKey().startsWith(run + "-gen1-"))
                .map(e -> PulseJson.fromJson(e.getValue().value(), JsonNode.class))
                .toList();
        assertThat(gen1)
                .filteredOn(e -> e.path("status").asText().equals("error"))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.path("message").asText()).startsWith("upstream "));
        assertThat(gen1)
                .filteredOn(e -> e.path("status").asText().equals("ok"))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.has("message")).isFalse());
    }

    @Test
    void aMessageOverTheLimitIsRejectedWithItsField() {
        PulseProcess.Result result = PulseProcess.run(
                "send",
                "--stream",
                "pipe.api",
                "--id",
                id(1),
                "--message",
                "m".repeat(1025),
                "--bootstrap-servers",
                kafka);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("pulse send: message: is 1025 characters long; at most 1024 are allowed");
        assertThat(publishedById()).isEmpty();
    }

    @Test
    void aBadLineStopsThePipeWhereItIsAndSaysWhereAndWhy() throws IOException {
        Path file = badFile();

        PulseProcess.Result result = PulseProcess.run("pipe", file.toString(), "--json", "--bootstrap-servers", kafka);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .contains(file + ":3: status: ")
                .contains("stopped at " + file + ":3; nothing after it was sent");
        assertThat(PulseJson.fromJson(result.out(), JsonNode.class).path("sent").asLong())
                .isEqualTo(2);
        assertThat(publishedById().keySet()).containsExactlyInAnyOrder(id(1), id(2));
    }

    @Test
    void withSkipEveryBadLineIsReportedAndEveryValidLineArrives() throws IOException {
        Path file = badFile();

        PulseProcess.Result result =
                PulseProcess.run("pipe", "--on-error=skip", file.toString(), "--json", "--bootstrap-servers", kafka);

        assertThat(result.exitCode()).as("rejected input still says so").isEqualTo(1);
        assertThat(result.err())
                .contains(file + ":3: status: ") // unknown status
                .contains(file + ":5: values.latency_ms: ") // wrong type
                .contains(file + ":6: ") // truncated JSON
                .contains(file + ":8: line is ") // huge line
                .contains(file + ":9: stream: ") // bad stream name
                .doesNotContain(file + ":4:") // the empty line is skipped, not an error
                .contains("sent 4, rejected 5, failed 0");
        JsonNode summary = PulseJson.fromJson(result.out(), JsonNode.class);
        assertThat(summary.path("rejected").asLong()).isEqualTo(5);
        assertThat(publishedById().keySet()).containsExactlyInAnyOrder(id(1), id(2), id(7), id(10));
    }

    @Test
    void timesTheAggregatorWouldDeadLetterAreRejectedUnlessTheWindowIsWidened() throws IOException {
        java.time.Instant now = java.time.Instant.now();
        Path file = dir.resolve("times.ndjson");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        line(1, ",\"time\":\"" + now.minus(java.time.Duration.ofDays(8)) + "\""),
                        line(2, ",\"time\":\"" + now.plus(java.time.Duration.ofHours(1)) + "\""),
                        line(3, "")));

        PulseProcess.Result strict =
                PulseProcess.run("pipe", "--on-error=skip", file.toString(), "--bootstrap-servers", kafka);

        assertThat(strict.exitCode()).isEqualTo(1);
        assertThat(strict.err())
                .contains(file + ":1: time: event time ")
                .contains("the maximum lateness of 7d")
                .contains(file + ":2: time: event time ")
                .contains("the maximum future skew is 5m")
                .contains("sent 1, rejected 2, failed 0");
        assertThat(publishedById().keySet()).containsExactly(id(3));

        PulseProcess.Result sent = PulseProcess.run(
                "send",
                "--stream",
                "pipe.api",
                "--id",
                id(4),
                "--time",
                now.minus(java.time.Duration.ofDays(8)).toString(),
                "--max-lateness",
                "30d",
                "--bootstrap-servers",
                kafka);
        assertThat(sent.exitCode()).as(sent.err()).isZero();
        assertThat(publishedById().keySet()).containsExactlyInAnyOrder(id(3), id(4));

        PulseProcess.Result nonsense =
                PulseProcess.run("send", "--stream", "pipe.api", "--max-lateness", "1m", "--bootstrap-servers", kafka);
        assertThat(nonsense.exitCode()).isEqualTo(2);
        assertThat(nonsense.err())
                .contains("--max-lateness, --max-future-skew: the maximum lateness (PT1M) must be longer");
    }

    @Test
    void standardInputIsReadWhenNoFileIsGiven() throws IOException {
        Path file = dir.resolve("stdin.ndjson");
        Files.writeString(file, line(1, "") + "\r\n" + line(2, ""));

        PulseProcess.Result result =
                PulseProcess.start(file, "pipe", "--bootstrap-servers", kafka).await();

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("sent 2, rejected 0, failed 0");
        assertThat(publishedById().keySet()).containsExactlyInAnyOrder(id(1), id(2));
    }

    @Test
    void anUnreachableBrokerFailsFastWithExitCode3() {
        PulseProcess.Result result =
                PulseProcess.run("send", "--stream", "x.api", "--bootstrap-servers", "127.0.0.1:1", "--timeout", "2s");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).contains("cannot reach Kafka at 127.0.0.1:1 within 2.0 s");
    }

    @Test
    void ctrlCFlushesWhatIsInFlightAndReportsWhatWasSent() throws Exception {
        PulseProcess gen = PulseProcess.start(
                null, "gen", "--rate", "500", "--json", "--source", run + "-gen", "--bootstrap-servers", kafka);
        // Wait until events arrive, so the signal lands mid-run.
        Awaitility.await("gen publishing its first events")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !publishedById().isEmpty());
        gen.process().destroy(); // SIGTERM: the same shutdown path as Ctrl-C's SIGINT

        PulseProcess.Result result = gen.await();
        assertThat(result.exitCode()).isEqualTo(143);
        assertThat(result.err()).contains("pulse gen: interrupted; sent ");
        JsonNode summary = PulseJson.fromJson(result.out(), JsonNode.class);
        assertThat(summary.path("interrupted").asBoolean()).isTrue();
        assertThat(summary.path("failed").asLong()).isZero();
        assertThat(publishedById()).hasSize(summary.path("sent").asInt());
    }

    /** Ten lines: valid ones (1, 2, 7, 10) around every kind of bad one; line 4 is empty. */
    private Path badFile() throws IOException {
        Path file = dir.resolve("bad.ndjson");
        String huge = "{\"stream\":\"big.api\",\"tags\":{\"blob\":\"" + "x".repeat(20_000) + "\"}}";
        Files.writeString(
                file,
                String.join(
                                "\n",
                                line(1, ""),
                                line(2, ",\"status\":\"error\""),
                                line(3, ",\"status\":\"warning\""),
                                "",
                                line(5, ",\"values\":{\"latency_ms\":\"slow\"}"),
                                "{\"stream\":\"bad.api\",\"id\":\"" + id(6) + "\"",
                                line(7, ""),
                                huge,
                                "{\"stream\":\"Bad Stream\",\"id\":\"" + id(9) + "\"}",
                                line(10, ""))
                        + "\n",
                StandardCharsets.UTF_8);
        return file;
    }

    private String line(int n, String more) {
        return "{\"stream\":\"pipe.api\",\"id\":\"" + id(n) + "\"" + more + "}";
    }

    private String id(int n) {
        return run + "-" + n;
    }

    private static String field(ConsumerRecord<String, String> record, String name) {
        return PulseJson.fromJson(record.value(), JsonNode.class).path(name).asText();
    }

    /** This test's events on the topic by id (source or id carry the run marker); fails on a duplicate id. */
    private Map<String, ConsumerRecord<String, String>> publishedById() {
        return TopicReader.readAll(kafka, Topics.EVENTS).stream()
                .filter(r -> r.value().contains("\"" + run + "-"))
                .collect(Collectors.toMap(r -> field(r, "id"), Function.identity(), (a, b) -> {
                    throw new AssertionError("published twice: " + a.value());
                }));
    }
}
