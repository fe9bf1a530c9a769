package io.pulseboard.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulseboard.model.Topics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** One local PulseInfra (3 partitions): Kafka topics, keyed records, transactions, PostgreSQL over JDBC. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalInfraTest {

    private PulseInfra infra;

    @BeforeAll
    void start() {
        infra = PulseInfra.start(
                InfraOptions.builder().mode(Mode.LOCAL).partitions(3).build());
    }

    @AfterAll
    void stop() {
        if (infra != null) {
            infra.close();
        }
    }

    @Test
    void describesItself() {
        assertThat(infra.mode()).isEqualTo(Mode.LOCAL);
        assertThat(infra.kafkaBootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(infra.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + infra.postgresPort() + "/pulse");
        assertThat(infra.reactiveUrl()).isEqualTo("postgresql://127.0.0.1:" + infra.postgresPort() + "/pulse");
        assertThat(infra.username()).isEqualTo("pulse");
        assertThat(infra.password()).isEqualTo("pulse");
        assertThat(infra.processIds()).containsOnlyKeys("kafka", "postgres");
        assertThat(infra.processIds().values()).allMatch(Clients::alive);
        assertThat(infra.dataDir()).isPresent();
        assertThat(infra.quarkusConfig())
                .containsEntry("kafka.bootstrap.servers", infra.kafkaBootstrapServers())
                .containsEntry("quarkus.datasource.reactive.url", infra.reactiveUrl())
                .containsEntry("quarkus.datasource.jdbc.url", infra.jdbcUrl())
                .containsEntry("quarkus.datasource.username", "pulse")
                .containsEntry("quarkus.datasource.password", "pulse")
                .containsEntry("quarkus.devservices.enabled", "false")
                .containsEntry("quarkus.kafka.devservices.enabled", "false")
                .containsEntry("quarkus.datasource.devservices.enabled", "false");
    }

    @Test
    void topicsExistWithTheConfiguredPartitionsAndRulesAreCompacted() throws Exception {
        try (Admin admin = Clients.admin(infra)) {
            Set<String> names = admin.listTopics().names().get();
            assertThat(names).containsAll(TopicSetup.ALL);
            Map<String, TopicDescription> topics =
                    admin.describeTopics(TopicSetup.ALL).allTopicNames().get();
            for (String topic : TopicSetup.ALL) {
                assertThat(topics.get(topic).partitions()).as(topic).hasSize(3);
            }
            ConfigResource rules = new ConfigResource(ConfigResource.Type.TOPIC, Topics.RULES);
            ConfigResource events = new ConfigResource(ConfigResource.Type.TOPIC, Topics.EVENTS);
            Map<ConfigResource, Config> configs =
                    admin.describeConfigs(List.of(rules, events)).all().get();
            assertThat(configs.get(rules).get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
                    .isEqualTo("compact");
            assertThat(configs.get(events)
                            .get(TopicConfig.CLEANUP_POLICY_CONFIG)
                            .value())
                    .isEqualTo("delete");
        }
        // Creating them again is fine (idempotent).
        TopicSetup.create(infra.kafkaBootstrapServers(), 3, java.time.Duration.ofSeconds(10));
    }

    @Test
    void producesAndConsumesAKeyedRecordOnEvents() throws Exception {
        String value = "{\"stream\":\"checkout.api\",\"id\":\"" + UUID.randomUUID() + "\"}";
        RecordMetadata first = Clients.send(infra, Topics.EVENTS, "checkout.api", value);
        RecordMetadata second = Clients.send(infra, Topics.EVENTS, "checkout.api", value + " ");
        assertThat(second.partition()).as("same key, same partition").isEqualTo(first.partition());

        Optional<ConsumerRecord<String, String>> record = Clients.find(infra, Topics.EVENTS, value, Map.of());
        assertThat(record).isPresent();
        assertThat(record.get().key()).isEqualTo("checkout.api");
        assertThat(record.get().partition()).isEqualTo(first.partition());
        assertThat(record.get().offset()).isEqualTo(first.offset());
    }

    @Test
    void transactionsWork() throws Exception {
        String run = UUID.randomUUID().toString();
        try (KafkaProducer<String, String> producer = Clients.producer(
                infra,
                Map.of(
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                        "test-tx-" + run,
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(Topics.METRICS, "s1", run + "-aborted"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(Topics.METRICS, "s1", run + "-committed-1"));
            producer.send(new ProducerRecord<>(Topics.METRICS, "s2", run + "-committed-2"));
            producer.commitTransaction();
        }
        List<String> committed = Clients.values(
                infra, Topics.METRICS, Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), 2);
        assertThat(committed.stream().filter(v -> v.startsWith(run)))
                .containsExactlyInAnyOrder(run + "-committed-1", run + "-committed-2");
    }

    @Test
    void postgresAnswersOverJdbc() throws Exception {
        try (Connection c = Clients.jdbc(infra);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS probe (id serial PRIMARY KEY, name text NOT NULL)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO probe(name) VALUES (?)")) {
                ps.setString(1, "hello");
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT name, current_user, current_database() FROM probe")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("hello");
                assertThat(rs.getString(2)).isEqualTo("pulse");
                assertThat(rs.getString(3)).isEqualTo("pulse");
            }
        }
    }
}
