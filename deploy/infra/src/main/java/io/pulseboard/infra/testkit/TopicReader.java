package io.pulseboard.infra.testkit;

import io.pulseboard.infra.PulseInfra;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic, from the beginning up to the end offsets of the moment of the call, with a
 * real consumer. Anything acknowledged before the call is therefore in the result; no waiting on time.
 */
public final class TopicReader {

    private TopicReader() {}

    /** Every record of the topic up to its end now, as strings; fails if that takes over 30 s. */
    public static List<ConsumerRecord<String, String>> readAll(String bootstrapServers, String topic) {
        return readAll(bootstrapServers, Map.of(), topic);
    }

    /** {@link #readAll(String, Map, String)} with the infrastructure's address and client settings (SASL). */
    public static List<ConsumerRecord<String, String>> readAll(PulseInfra infra, String topic) {
        return readAll(infra.kafkaBootstrapServers(), infra.kafkaClientConfig(), topic);
    }

    /**
     * {@link #readAll(String, String)} with Kafka client settings besides the address, as the services
     * take them under {@code kafka.*} ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}).
     */
    public static List<ConsumerRecord<String, String>> readAll(
            String bootstrapServers, Map<String, String> clientConfig, String topic) {
        Properties props = new Properties();
        props.putAll(clientConfig);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " up to " + end + " within 30 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }
}
