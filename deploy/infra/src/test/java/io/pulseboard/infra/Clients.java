package io.pulseboard.infra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;

/** Plain Kafka and JDBC clients for the tests (real clients, real servers). */
final class Clients {

    private Clients() {}

    static Admin admin(PulseInfra infra) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        return Admin.create(p);
    }

    static KafkaProducer<String, String> producer(PulseInfra infra, Map<String, Object> extra) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.putAll(extra);
        return new KafkaProducer<>(p);
    }

    static KafkaConsumer<String, String> consumer(PulseInfra infra, Map<String, Object> extra) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.putAll(extra);
        return new KafkaConsumer<>(p);
    }

    static RecordMetadata send(PulseInfra infra, String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = producer(infra, Map.of())) {
            return producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    /** Polls {@code topic} from the beginning until a record with {@code value} arrives (or 30 s pass). */
    static Optional<ConsumerRecord<String, String>> find(
            PulseInfra infra, String topic, String value, Map<String, Object> extra) {
        try (KafkaConsumer<String, String> consumer = consumer(infra, extra)) {
            consumer.subscribe(List.of(topic));
            return polls().until(
                            () -> {
                                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                                    if (value.equals(r.value())) {
                                        return Optional.of(r);
                                    }
                                }
                                return Optional.<ConsumerRecord<String, String>>empty();
                            },
                            Optional::isPresent);
        } catch (ConditionTimeoutException e) {
            return Optional.empty(); // no failure here: the caller asserts its presence
        }
    }

    /**
     * Every value on {@code topic} (from the beginning), once there are {@code expectAtLeast} (or 30 s passed), and
     * whatever a last half-second poll brings.
     */
    static List<String> values(PulseInfra infra, String topic, Map<String, Object> extra, int expectAtLeast) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(infra, extra)) {
            consumer.subscribe(List.of(topic));
            try {
                polls().until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                    return values.size() >= expectAtLeast;
                });
            } catch (ConditionTimeoutException e) {
                return values; // no failure here: the caller asserts on what came
            }
            // one more poll for anything that should not be there
            consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
        }
        return values;
    }

    /** Up to 30 s of consumer polls, one right after the other (a poll waits itself), on this thread (a consumer has one). */
    private static ConditionFactory polls() {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInSameThread()
                .pollInterval(Duration.ZERO);
    }

    static Connection jdbc(PulseInfra infra) throws SQLException {
        return DriverManager.getConnection(infra.jdbcUrl(), infra.username(), infra.password());
    }

    static void assertGone(long pid, Duration within) {
        Awaitility.await("process " + pid + " gone")
                .atMost(within)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !alive(pid));
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
