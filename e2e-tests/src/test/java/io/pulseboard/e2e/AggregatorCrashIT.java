package io.pulseboard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulseboard.infra.InfraOptions;
import io.pulseboard.infra.PulseInfra;
import io.pulseboard.infra.ServiceProcess;
import io.pulseboard.infra.TopicReader;
import io.pulseboard.model.HourlyMetrics;
import io.pulseboard.model.Topics;
import io.pulseboard.model.json.PulseJson;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Exactly once across crashes: the built aggregator runs as its own process and is killed with
 * SIGKILL several times while a producer sends a known number of events; after the last restart
 * every (stream, hour) in PostgreSQL and the latest message of it on pulse.metrics count exactly
 * what was sent.
 */
class AggregatorCrashIT {

    private static final int STREAMS = 5;
    private static final int EVENTS = 30_000;
    private static final int KILLS = 3;
    private static final Map<String, String> CONFIG = Map.of(
            "pulse.aggregator.persist-interval", "500ms",
            // A killed member leaves the group quickly, so the restarted one gets the partitions soon.
            "mp.messaging.incoming.events.session.timeout.ms", "6000",
            "mp.messaging.incoming.events.heartbeat.interval.ms", "1000");

    private static PulseInfra infra;

    @BeforeAll
    static void startInfra() {
        infra = PulseInfra.start(InfraOptions.defaults());
    }

    @AfterAll
    static void stopInfra() {
        if (infra != null) {
            infra.close();
        }
    }

    @Test
    void everyEventIsCountedOnceAcrossKills() throws Exception {
        Map<String, Long> sent = new ConcurrentHashMap<>();
        AtomicReference<Throwable> producerFailure = new AtomicReference<>();
        Thread producer = new Thread(() -> produce(sent, producerFailure), "crash-producer");

        ServiceProcess aggregator = Stack.start("aggregator-service", infra, CONFIG).awaitReady(Stack.START_TIMEOUT);
        producer.start();
        for (int kill = 0; kill < KILLS; kill++) {
            // Let it count and checkpoint for a while (an event count, not a time: the run stays the same on a slow machine).
            awaitProgress(kill + 1);
            ProcessHandle.of(aggregator.pid()).ifPresent(h -> {
                h.destroyForcibly();
                h.onExit().join();
            });
            aggregator.close();
            aggregator = Stack.start("aggregator-service", infra, CONFIG).awaitReady(Stack.START_TIMEOUT);
        }
        producer.join(Duration.ofMinutes(3).toMillis());
        assertThat(producer.isAlive()).isFalse();
        assertThat(producerFailure.get()).isNull();
        assertThat(sent.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(EVENTS);

        try (ServiceProcess last = aggregator) {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            Map<String, Long> stored = stored();
            while (!stored.equals(sent) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                stored = stored();
            }
            assertThat(stored).as("counts in PostgreSQL").isEqualTo(sent);

            Map<String, Long> published = new HashMap<>();
            Map<String, Long> revisions = new HashMap<>();
            for (ConsumerRecord<String, String> r : TopicReader.readAll(infra.kafkaBootstrapServers(), Topics.METRICS)) {
                HourlyMetrics m = PulseJson.fromJson(r.value(), HourlyMetrics.class);
                String key = m.stream() + "@" + m.hour();
                if (m.revision() >= revisions.getOrDefault(key, -1L)) {
                    revisions.put(key, m.revision());
                    published.put(key, m.count());
                }
            }
            assertThat(published).as("latest counts on pulse.metrics").isEqualTo(sent);
        }
    }

    /** Sends EVENTS events over STREAMS streams at a steady pace, counting per (stream, hour). */
    private static void produce(Map<String, Long> sent, AtomicReference<Throwable> failure) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < EVENTS; i++) {
                String stream = "crash.s" + (i % STREAMS);
                Instant t = Instant.now();
                String json = "{\"stream\":\"" + stream + "\",\"time\":\"" + t + "\",\"status\":\"" + (i % 10 == 0 ? "error" : "ok")
                        + "\",\"values\":{\"latency_ms\":" + (i % 500) + "}}";
                String hour = stream + "@" + t.truncatedTo(ChronoUnit.HOURS);
                producer.send(new ProducerRecord<>(Topics.EVENTS, stream, json), (meta, error) -> {
                    if (error == null) {
                        sent.merge(hour, 1L, Long::sum);
                    } else {
                        failure.compareAndSet(null, error);
                    }
                });
                if (i % 100 == 99) {
                    Thread.sleep(200); // about 500 events/s: production spans the kills
                }
            }
            producer.flush();
        } catch (Exception e) {
            failure.compareAndSet(null, e);
        }
    }

    private static void awaitProgress(int kill) throws Exception {
        long target = (long) EVENTS * kill / (KILLS + 1);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (stored().values().stream().mapToLong(Long::longValue).sum() < target) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the aggregator did not reach " + target + " stored events");
            }
            Thread.sleep(100);
        }
    }

    /** Count per (stream, hour) in PostgreSQL. */
    private static Map<String, Long> stored() throws Exception {
        Map<String, Long> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection(infra.jdbcUrl(), infra.username(), infra.password())) {
            try (PreparedStatement s = c.prepareStatement(
                    "select stream, hour, count from pulse_hour where stream like 'crash.%'")) {
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1) + "@" + rs.getObject(2, java.time.OffsetDateTime.class).toInstant(), rs.getLong(3));
                    }
                }
            }
        } catch (java.sql.SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not exist")) {
                return out; // not migrated yet
            }
            throw e;
        }
        return out;
    }
}
