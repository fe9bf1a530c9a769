package io.pulseboard.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the records of a dead-letter topic written from a time on: up to the end of every partition as
 * it was when reading began, or on and on (following). No consumer group: nothing is committed, and any
 * number of readers may run at once.
 */
final class DeadLetterReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaConnection kafka;
    private final String topic;
    private final long sinceMillis;
    /** Where each partition ended when reading began; null when following. */
    private final Map<TopicPartition, Long> end;

    private Map<TopicPartition, Long> positions = Map.of();
    private long progressNanos = System.nanoTime();

    private DeadLetterReader(
            KafkaConsumer<byte[], byte[]> consumer,
            KafkaConnection kafka,
            String topic,
            long sinceMillis,
            Map<TopicPartition, Long> end) {
        this.consumer = consumer;
        this.kafka = kafka;
        this.topic = topic;
        this.sinceMillis = sinceMillis;
        this.end = end;
    }

    /** Starts reading {@code topic} at the first record of each partition written at or after {@code since}. */
    static DeadLetterReader open(KafkaConnection kafka, String topic, Instant since, boolean follow)
            throws BrokerUnreachableException {
        Properties props = kafka.consumerConfig();
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "pulse-dlq-export");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<byte[], byte[]> consumer = kafka.create(
                config -> new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer()), props);
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            long sinceMillis = Math.max(0, since.toEpochMilli());
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(p -> times.put(p, sinceMillis));
            Map<TopicPartition, OffsetAndTimestamp> from = consumer.offsetsForTimes(times);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            for (TopicPartition p : partitions) {
                OffsetAndTimestamp first = from.get(p);
                consumer.seek(p, first == null ? end.get(p) : first.offset());
            }
            return new DeadLetterReader(consumer, kafka, topic, sinceMillis, follow ? null : Map.copyOf(end));
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            consumer.close();
            throw kafka.unreachable();
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    /**
     * The next records, none beyond where reading ends; empty when none came within a moment. Fails when
     * Kafka hands over nothing for longer than the timeout while records are still due.
     */
    List<ConsumerRecord<byte[], byte[]>> poll() throws BrokerUnreachableException {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
            boolean due =
                    end == null || record.offset() < end.get(new TopicPartition(record.topic(), record.partition()));
            // Reading starts at the first record since then, but a later one may be older: its producer's
            // clock, or a timestamp set by hand.
            if (due && record.timestamp() >= sinceMillis) {
                records.add(record);
            }
        }
        if (end != null) {
            Map<TopicPartition, Long> now = new HashMap<>();
            end.keySet().forEach(p -> now.put(p, consumer.position(p)));
            if (!now.equals(positions)) {
                positions = now;
                progressNanos = System.nanoTime();
            } else if (!done() && System.nanoTime() - progressNanos > kafka.timeout.toNanos()) {
                throw new BrokerUnreachableException(
                        "Kafka at " + kafka.bootstrapServers() + " handed over no records of '" + topic + "' for "
                                + kafka.timeout.toMillis() / 1000.0 + " s before its end (a longer --timeout?)");
            }
        }
        return records;
    }

    /** Whether every partition was read up to where it ended when reading began; never when following. */
    boolean done() {
        return end != null && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    @Override
    public void close() {
        consumer.close();
    }
}
