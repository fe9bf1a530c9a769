package io.pulseboard.gateway.feed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/** What the gateway's topic readers have in common: one Kafka setup, every partition of their topics. */
final class FeedConsumer {

    private FeedConsumer() {}

    /**
     * The consumer settings: every {@code kafka.*} setting a consumer knows (bootstrap servers,
     * security protocol, SASL, TLS, ...; environment variables {@code KAFKA_*} included) as Quarkus
     * gives them in the {@code default-kafka-broker} map, and what makes a feed reader.
     */
    static Properties settings(Map<String, Object> kafkaConfig) {
        Properties p = new Properties();
        Set<String> known = ConsumerConfig.configNames();
        kafkaConfig.forEach((name, value) -> {
            if (known.contains(name)) {
                p.put(name, value);
            }
        });
        // What makes this reader what it is: no group, nothing committed.
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "pulse-gateway-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        // Deliver updates as soon as they are on the broker.
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2000);
        return p;
    }

    /** Every partition of the topics; a KafkaException when the broker does not answer or a topic has none. */
    static List<TopicPartition> partitionsOf(KafkaConsumer<?, ?> kafka, List<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = kafka.partitionsFor(topic, Duration.ofSeconds(5));
            if (infos == null || infos.isEmpty()) {
                throw new KafkaException("topic " + topic + " has no partitions (does it exist?)");
            }
            infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
        }
        return partitions;
    }
}
