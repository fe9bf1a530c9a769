package io.pulseboard.aggregator.pipeline;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.pulseboard.infra.testkit.PulseInfraTestResource;
import io.pulseboard.infra.testkit.TopicReader;
import io.pulseboard.model.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Records as any raw Kafka producer (kcat, a script) can write them: keyed by another name, with no
 * key, or placed on a partition by hand. None may count a stream on two partitions, and a
 * partition whose checkpoint PostgreSQL keeps refusing must neither stop the others nor leave
 * readiness UP. Partitions 4 and 5 are used so that no other test's streams share them.
 */
@QuarkusTest
@WithTestResource(PulseInfraTestResource.class)
class HostileRecordsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    AgroalDataSource db;

    private KafkaProducer<byte[], byte[]> producer;
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private final Instant hour = now.truncatedTo(ChronoUnit.HOURS);

    @BeforeEach
    void producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void close() throws SQLException {
        producer.close();
        sql("drop trigger if exists pulse_test_poison on pulse_hour");
    }

    @Test
    void recordsNotKeyedByTheirStreamOrOnASecondPartitionAreDeadLetteredNeverCounted() throws Exception {
        String stream = "keyed-" + id;
        String neighbour = "neighbour-" + id;
        for (int i = 0; i < 5; i++) {
            send(4, stream, event(stream));
        }
        // Counted on partition 4 first, so that partition 5 is the second one below.
        await().atMost(WAIT).until(() -> count(stream) == 5);

        for (int i = 0; i < 3; i++) {
            send(5, "other-" + id, event(stream));
        }
        send(5, null, event(stream));
        send(5, stream, event(stream)); // keyed right, on the wrong partition
        for (int i = 0; i < 4; i++) {
            send(5, neighbour, event(neighbour));
        }

        await().atMost(WAIT).until(() -> deadLetters().size() == 5 && count(neighbour) == 4);
        List<ConsumerRecord<String, String>> dlq = deadLetters();
        assertThat(dlq)
                .filteredOn(r -> reason(r)
                        .contains("the record's key 'other-" + id + "' is not the event's stream '" + stream + "'"))
                .hasSize(3);
        assertThat(dlq)
                .filteredOn(r -> reason(r).startsWith("record key: the record has no key"))
                .hasSize(1);
        assertThat(dlq)
                .filteredOn(r -> reason(r)
                        .contains("stream '" + stream + "' is counted on partition 4 of pulse.events, "
                                + "and this record is on partition 5"))
                .hasSize(1);
        assertThat(dlq)
                .allSatisfy(r -> assertThat(header(r, Topics.SOURCE_HEADER)).startsWith("pulse.events-5@"));
        // The neighbour's 4 were counted after the dead letters; by now the stream's row is final for this batch.
        assertThat(count(stream))
                .as("only the records keyed by the stream, on its partition")
                .isEqualTo(5);
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void aPartitionWhoseCheckpointsKeepFailingTurnsReadinessDownAndHoldsBackNoOtherPartition() throws Exception {
        String poison = "poison-" + id;
        String healthy = "healthy-" + id;
        // PostgreSQL refuses every row of one stream, as it would a row it cannot store.
        sql("create or replace function pulse_test_poison() returns trigger language plpgsql as $$ begin "
                + "if new.stream like 'poison-%' then raise exception 'refused by the test: %', new.stream; end if; "
                + "return new; end $$");
        sql(
                "create trigger pulse_test_poison before insert or update on pulse_hour for each row execute function pulse_test_poison()");
        double failuresBefore = checkpointFailures();

        for (int i = 0; i < 3; i++) {
            send(4, poison, event(poison));
        }
        for (int i = 0; i < 7; i++) {
            send(5, healthy, event(healthy));
        }

        await().atMost(WAIT).until(() -> count(healthy) == 7);
        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/q/health/ready")
                        .then()
                        .statusCode(503)
                        .body(
                                "checks.find { it.name == 'Pulseboard aggregation' }.data.stalled_partitions",
                                equalTo("[4]")));
        assertThat(count(poison)).isEqualTo(-1);
        assertThat(checkpointFailures()).isGreaterThan(failuresBefore);

        // More of the healthy stream is still stored while partition 4 stays stuck.
        send(5, healthy, event(healthy));
        await().atMost(WAIT).until(() -> count(healthy) == 8);

        sql("drop trigger pulse_test_poison on pulse_hour");
        await().atMost(WAIT).until(() -> count(poison) == 3);
        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/q/health/ready")
                        .then()
                        .statusCode(200)
                        .body(containsString("\"stalled_partitions\": \"[]\"")));
    }

    @Test
    void anHourTakesAtMostMaxValueNamesAndNoSumBeyondTheLimitAndAnswersOnlyFiniteNumbers() throws Exception {
        String stream = "wide-" + id;
        // 32 new names per event (the most one event may carry): the 4th event would make 128 > 100.
        for (int e = 0; e < 4; e++) {
            StringBuilder values = new StringBuilder();
            for (int i = 0; i < 32; i++) {
                values.append(i == 0 ? "" : ",")
                        .append("\"v")
                        .append(e)
                        .append('_')
                        .append(i)
                        .append("\":1");
            }
            send(
                    4,
                    stream,
                    ("{\"stream\":\"" + stream + "\",\"time\":\"" + now + "\",\"values\":{" + values + "}}")
                            .getBytes(StandardCharsets.UTF_8));
        }
        // Sums: 1e300 fits, a second 1e300 would pass the limit; the event after it still counts.
        for (double v : new double[] {1e300, 1e300, -5}) {
            send(
                    4,
                    stream,
                    ("{\"stream\":\"" + stream + "\",\"time\":\"" + now + "\",\"values\":{\"v0_0\":" + v + "}}")
                            .getBytes(StandardCharsets.UTF_8));
        }

        await().atMost(WAIT).until(() -> count(stream) == 5 && deadLetters().size() == 2);
        assertThat(deadLetters())
                .extracting(HostileRecordsTest::reason)
                .anySatisfy(r -> assertThat(r)
                        .contains(
                                "the hour already holds 96 distinct value names and this event adds 32 more (first 'v3_0')")
                        .contains("at most 100 value names per stream and hour"));
        assertThat(deadLetters())
                .extracting(HostileRecordsTest::reason)
                .anySatisfy(r -> assertThat(r)
                        .contains("value 'v0_0' would make its sum in the hour 2.0E300, beyond the limit"));

        String json = given().get("/api/streams/" + stream + "/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(json).doesNotContain("Infinity").doesNotContain("NaN");
        given().get("/api/streams/" + stream + "/metrics")
                .then()
                .body("metrics[0].count", equalTo(5))
                .body("metrics[0].values.size()", equalTo(96))
                .body("metrics[0].values.v0_0.sum", closeTo(1e300, 1e286));
    }

    // ---------------------------------------------------------------------------------------------

    private byte[] event(String stream) {
        return ("{\"stream\":\"" + stream + "\",\"time\":\"" + now + "\",\"values\":{\"latency_ms\":12}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private void send(int partition, String key, byte[] value) throws Exception {
        byte[] k = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(Topics.EVENTS, partition, null, k, value))
                .get();
    }

    /** Our records on the DLQ (the value names the test's streams; some have no key). */
    private List<ConsumerRecord<String, String>> deadLetters() {
        return TopicReader.readAll(bootstrap, Topics.EVENTS_DLQ).stream()
                .filter(r -> r.value() != null && r.value().contains(id))
                .toList();
    }

    private static String reason(ConsumerRecord<?, ?> r) {
        return header(r, Topics.ERROR_HEADER);
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static double checkpointFailures() {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return text.lines()
                .filter(l -> l.startsWith("pulse_aggregator_checkpoint_failures_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** The stored count of the stream's current hour, -1 without a row. */
    private long count(String stream) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s =
                        c.prepareStatement("select count from pulse_hour where stream = ? and hour = ?")) {
            s.setString(1, stream);
            s.setObject(2, hour.atOffset(ZoneOffset.UTC));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = db.getConnection();
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
