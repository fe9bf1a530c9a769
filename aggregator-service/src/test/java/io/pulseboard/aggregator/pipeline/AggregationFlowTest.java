package io.pulseboard.aggregator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.agroal.api.AgroalDataSource;
import io.pulseboard.infra.testkit.PulseInfraTestResource;
import io.pulseboard.infra.testkit.TopicReader;
import io.pulseboard.model.HourlyMetrics;
import io.pulseboard.model.Topics;
import io.pulseboard.model.json.PulseJson;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The slice from pulse.events to PostgreSQL and pulse.metrics on the real broker and database:
 * live hours, an hour closed by event time and corrected by late events, a replay of an hour long
 * closed (inside the maximum lateness of the test profile, 1 day), events beyond it, and invalid
 * records on the DLQ next to valid ones that are counted.
 *
 * <p>Partitions are chosen explicitly so that the event-time clock of one partition (pushed two
 * hours ahead) does not close the live hours of the other.
 */
@QuarkusTest
@WithTestResource(PulseInfraTestResource.class)
class AggregationFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    AgroalDataSource db;

    private KafkaProducer<byte[], byte[]> producer;
    private final String id = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void close() {
        producer.close();
    }

    @Test
    void countsLiveClosedLateAndReplayedHoursExactlyAndDeadLettersTheRest() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant h0 = now.truncatedTo(ChronoUnit.HOURS);
        Instant replayTime = now.minus(Duration.ofHours(5));
        Instant replayHour = replayTime.truncatedTo(ChronoUnit.HOURS);
        String live = "live-" + id;
        String closed = "closed-" + id;
        String pusher = "pusher-" + id;
        String replay = "replay-" + id;
        String noTime = "notime-" + id;
        String mixed = "mixed-" + id;

        // Partition 0: live events, a replay of an hour closed 5 hours ago, invalid records.
        Map<String, Map<Instant, Integer>> expected = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            Instant t = now.minusMillis(i * 10L);
            send(0, live, event(live, t, i % 3 == 0 ? "\"status\":\"error\",\"error_type\":\"timeout\"," : ""), null);
            expected.computeIfAbsent(live, k -> new HashMap<>())
                    .merge(t.truncatedTo(ChronoUnit.HOURS), 1, Integer::sum);
        }
        for (int i = 0; i < 4; i++) {
            send(0, replay, event(replay, replayTime.plusSeconds(i), ""), null);
        }
        send(0, replay, event(replay, now.minus(Duration.ofDays(2)), ""), null); // beyond the maximum lateness
        send(0, replay, event(replay, now.plus(Duration.ofHours(5)), ""), null); // too far in the future
        // No time: the record's timestamp is the event time.
        send(
                0,
                noTime,
                ("{\"stream\":\"" + noTime + "\",\"values\":{\"latency_ms\":5}}").getBytes(StandardCharsets.UTF_8),
                replayTime.toEpochMilli());
        send(0, mixed, event(mixed, now, ""), null);
        send(0, mixed, "this is not json".getBytes(StandardCharsets.UTF_8), null);
        send(0, mixed, ("{\"stream\":\"Bad Name " + id + "\"}").getBytes(StandardCharsets.UTF_8), null);
        send(
                0,
                mixed,
                ("{\"stream\":\"" + mixed + "\",\"source\":\"" + "x".repeat(17_000) + "\"}")
                        .getBytes(StandardCharsets.UTF_8),
                null);
        send(0, mixed, event(mixed, now, ""), null);

        // Partition 1: an hour closed by event time (a later event two hours ahead), then corrected.
        for (int i = 0; i < 6; i++) {
            send(1, closed, event(closed, now, ""), null);
        }
        send(1, pusher, event(pusher, now.plus(Duration.ofHours(2)), ""), null);
        // Hours close after a batch (and on a timer): wait for it, so the next events are late.
        await("the hour closed by event time", () -> row(closed, h0).isFinal);
        for (int i = 0; i < 2; i++) {
            send(1, closed, event(closed, now, ""), null);
        }

        // PostgreSQL: exactly the expected rows, once the checkpoints are written.
        Map<Instant, Integer> liveHours = expected.get(live);
        await("rows of the first phase", () -> {
            for (var e : liveHours.entrySet()) {
                if (!row(live, e.getKey()).matches(e.getValue(), 0)) {
                    return false;
                }
            }
            return row(closed, h0).matches(8, 2)
                    && row(replay, replayHour).matches(4, 4)
                    && row(noTime, replayHour).matches(1, 1)
                    && row(mixed, h0).matches(2, 0)
                    && row(pusher, now.plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS))
                            .matches(1, 0);
        });
        for (Instant hour : liveHours.keySet()) {
            Row r = row(live, hour);
            assertThat(r.isFinal).as("the live hour is open").isFalse();
        }
        assertThat(row(closed, h0).isFinal).isTrue();
        assertThat(row(replay, replayHour).isFinal).isTrue();
        assertThat(row(pusher, now.plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS)).isFinal)
                .isFalse();
        assertThat(rowsOf(replay)).as("nothing stored for rejected events").isEqualTo(1);

        // More of the replayed hour, now only in PostgreSQL (the test keeps no closed hour in memory).
        for (int i = 0; i < 3; i++) {
            send(0, replay, event(replay, replayTime.plusSeconds(10 + i), "\"status\":\"error\","), null);
        }
        await(
                "the replayed hour loaded from PostgreSQL and corrected",
                () -> row(replay, replayHour).matches(7, 7));
        assertThat(row(replay, replayHour).errors).isEqualTo(3);

        // pulse.metrics: the latest message of each hour is its stored state; finals and corrections.
        await("the corrections on pulse.metrics", () -> {
            Map<String, List<HourlyMetrics>> m = metrics();
            return last(m, replay, replayHour).count() == 7
                    && last(m, closed, h0).count() == 8;
        });
        Map<String, List<HourlyMetrics>> m = metrics();
        for (var e : liveHours.entrySet()) {
            HourlyMetrics last = last(m, live, e.getKey());
            assertThat(last.count()).isEqualTo(e.getValue().longValue());
            assertThat(last.isFinal()).isFalse();
        }
        assertThat(liveHours.values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(10);
        assertThat(liveHours.keySet().stream()
                        .mapToLong(h -> last(m, live, h).errors())
                        .sum())
                .isEqualTo(4);

        List<HourlyMetrics> closedFinals =
                m.get(key(closed, h0)).stream().filter(HourlyMetrics::isFinal).toList();
        assertThat(closedFinals).extracting(HourlyMetrics::count).contains(6L, 8L);
        HourlyMetrics closedAtSix =
                closedFinals.stream().filter(x -> x.count() == 6).findFirst().orElseThrow();
        HourlyMetrics corrected = last(m, closed, h0);
        assertThat(corrected.isFinal()).isTrue();
        assertThat(corrected.lateEvents()).isEqualTo(2);
        assertThat(corrected.revision()).isGreaterThan(closedAtSix.revision());
        assertThat(closedAtSix.lateEvents()).isZero();

        HourlyMetrics replayed = last(m, replay, replayHour);
        assertThat(replayed.isFinal()).isTrue();
        assertThat(replayed.lateEvents()).isEqualTo(7);
        assertThat(m.get(key(replay, replayHour)).stream().filter(x -> x.count() == 4 && x.isFinal()))
                .as("the first replay, final, before its correction")
                .isNotEmpty();
        assertThat(m.get(key(replay, replayHour)).stream()
                        .mapToLong(HourlyMetrics::revision)
                        .max()
                        .orElseThrow())
                .isEqualTo(replayed.revision());
        assertThat(last(m, noTime, replayHour).count()).isEqualTo(1);
        assertThat(last(m, mixed, h0).count()).isEqualTo(2);
        // Revisions never go back within a (stream, hour), in the order of the topic.
        for (List<HourlyMetrics> hour : m.values()) {
            for (int i = 1; i < hour.size(); i++) {
                assertThat(hour.get(i).revision())
                        .isGreaterThanOrEqualTo(hour.get(i - 1).revision());
            }
        }

        // The DLQ: the raw records with the reason and where they came from.
        List<ConsumerRecord<String, String>> dlq = TopicReader.readAll(bootstrap, Topics.EVENTS_DLQ).stream()
                .filter(r -> r.key() != null && r.key().endsWith(id))
                .toList();
        Map<String, String> reasonByValue = dlq.stream()
                .collect(Collectors.toMap(
                        r -> r.value().length() > 60 ? r.value().substring(0, 60) : r.value(),
                        r -> header(r, Topics.ERROR_HEADER),
                        (a, b) -> a));
        assertThat(dlq).hasSize(5);
        assertThat(reasonByValue.get("this is not json")).isNotBlank();
        assertThat(reasonByValue.get("{\"stream\":\"Bad Name " + id + "\"}")).startsWith("stream:");
        assertThat(dlq)
                .anySatisfy(r -> assertThat(header(r, Topics.ERROR_HEADER)).contains("16384-byte limit"));
        assertThat(dlq)
                .anySatisfy(r -> assertThat(header(r, Topics.ERROR_HEADER)).contains("maximum lateness"));
        assertThat(dlq)
                .anySatisfy(r -> assertThat(header(r, Topics.ERROR_HEADER)).contains("future skew"));
        assertThat(dlq)
                .allSatisfy(r -> assertThat(header(r, Topics.SOURCE_HEADER)).matches("pulse\\.events-0@\\d+"));
    }

    // ---------------------------------------------------------------------------------------------

    private static byte[] event(String stream, Instant time, String extra) {
        return ("{\"stream\":\"" + stream + "\",\"time\":\"" + time + "\"," + extra + "\"values\":{\"latency_ms\":"
                        + (10 + time.toEpochMilli() % 90) + "}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private void send(int partition, String key, byte[] value, Long timestamp)
            throws ExecutionException, InterruptedException {
        producer.send(new ProducerRecord<>(
                        Topics.EVENTS, partition, timestamp, key.getBytes(StandardCharsets.UTF_8), value))
                .get();
    }

    private static String key(String stream, Instant hour) {
        return stream + "@" + hour;
    }

    private static HourlyMetrics last(Map<String, List<HourlyMetrics>> m, String stream, Instant hour) {
        List<HourlyMetrics> all = m.getOrDefault(key(stream, hour), List.of());
        return all.isEmpty()
                ? new HourlyMetrics(stream, hour, -1, 0, 0, Map.of(), 0, Map.of(), null, null, 0, -1, false, null)
                : all.get(all.size() - 1);
    }

    /** Our messages on pulse.metrics by (stream, hour), in topic order. */
    private Map<String, List<HourlyMetrics>> metrics() {
        Map<String, List<HourlyMetrics>> m = new HashMap<>();
        for (ConsumerRecord<String, String> r : TopicReader.readAll(bootstrap, Topics.METRICS)) {
            if (r.key() != null && r.key().endsWith(id)) {
                HourlyMetrics h = PulseJson.fromJson(r.value(), HourlyMetrics.class);
                assertThat(h.stream()).isEqualTo(r.key());
                m.computeIfAbsent(key(h.stream(), h.hour()), k -> new ArrayList<>())
                        .add(h);
            }
        }
        return m;
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    record Row(long count, long errors, long lateEvents, boolean isFinal, long revision) {
        boolean matches(long expectedCount, long expectedLate) {
            return count == expectedCount && lateEvents == expectedLate;
        }
    }

    private Row row(String stream, Instant hour) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select count, errors, late_events, \"final\", revision from pulse_hour where stream = ? and hour = ?")) {
            s.setString(1, stream);
            s.setObject(2, hour.atOffset(java.time.ZoneOffset.UTC));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next()
                        ? new Row(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getBoolean(4), rs.getLong(5))
                        : new Row(-1, -1, -1, false, -1);
            }
        }
    }

    private int rowsOf(String stream) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("select count(*) from pulse_hour where stream = ?")) {
            s.setString(1, stream);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private String dump() throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select stream, hour, count, errors, late_events, \"final\", revision from pulse_hour where stream like ? order by stream, hour")) {
            s.setString(1, "%" + id);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.append("\n  ")
                            .append(rs.getString(1))
                            .append(' ')
                            .append(rs.getObject(2))
                            .append(" count=")
                            .append(rs.getLong(3))
                            .append(" errors=")
                            .append(rs.getLong(4))
                            .append(" late=")
                            .append(rs.getLong(5))
                            .append(" final=")
                            .append(rs.getBoolean(6))
                            .append(" rev=")
                            .append(rs.getLong(7));
                }
            }
        }
        return out.toString();
    }

    interface Check {
        boolean holds() throws Exception;
    }

    /** Polls until the condition holds, at most {@link #WAIT}; a timeout shows the rows as they were last. */
    private void await(String what, Check check) {
        Awaitility.await(what).atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            if (!check.holds()) {
                fail("rows:" + dump());
            }
        });
    }
}
