package io.pulseboard.cli;

import io.pulseboard.model.Topics;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How the producing commands ({@code send}, {@code pipe}, {@code gen}) reach Kafka and publish. */
final class ProducerOptions {

    @Mixin
    KafkaConnection connection;

    @Option(
            names = "--topic",
            defaultValue = Topics.EVENTS,
            description = "Topic to publish to (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(
            names = "--source",
            paramLabel = "NAME",
            description = "This producer's name, set as the source of every event that has none.")
    String source;

    @Option(
            names = "--acks",
            defaultValue = "all",
            description = "Acknowledgement: all, 1 or 0 (default: ${DEFAULT-VALUE}).")
    String acks;

    @Option(
            names = "--linger-ms",
            defaultValue = "5",
            description = "How long to wait to fill a batch (default: ${DEFAULT-VALUE}).")
    int lingerMs;

    @Option(
            names = "--batch-size",
            defaultValue = "65536",
            description = "Batch size in bytes (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--compression",
            defaultValue = "lz4",
            description = "none, gzip, snappy, lz4 or zstd (default: ${DEFAULT-VALUE}).")
    String compression;

    Properties producerConfig() {
        Properties props = connection.producerConfig();
        props.put(ProducerConfig.ACKS_CONFIG, acks);
        // Idempotence needs acks=all; with weaker acks the user chose speed over it.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, Boolean.toString("all".equals(acks) || "-1".equals(acks)));
        props.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, batchSize);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "pulse-cli" + (source == null ? "" : "-" + source));
        int timeoutMs = connection.timeoutMs();
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs + lingerMs);
        return props;
    }
}
