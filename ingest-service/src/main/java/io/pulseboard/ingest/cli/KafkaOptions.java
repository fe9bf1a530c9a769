package io.pulseboard.ingest.cli;

import io.pulseboard.model.Topics;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import picocli.CommandLine.Option;

/** How every {@code pulse} command reaches Kafka. */
final class KafkaOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            defaultValue = "${env:PULSE_KAFKA:-localhost:9092}",
            description = "Kafka brokers (default: $PULSE_KAFKA or localhost:9092; now ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--topic", defaultValue = Topics.EVENTS, description = "Topic to publish to (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--source", paramLabel = "NAME",
            description = "This producer's name, set as the source of every event that has none.")
    String source;

    @Option(names = "--acks", defaultValue = "all", description = "Acknowledgement: all, 1 or 0 (default: ${DEFAULT-VALUE}).")
    String acks;

    @Option(names = "--linger-ms", defaultValue = "5", description = "How long to wait to fill a batch (default: ${DEFAULT-VALUE}).")
    int lingerMs;

    @Option(names = "--batch-size", defaultValue = "65536", description = "Batch size in bytes (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--compression", defaultValue = "lz4",
            description = "none, gzip, snappy, lz4 or zstd (default: ${DEFAULT-VALUE}).")
    String compression;

    @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long to try to reach Kafka, and to wait for it to take an event, before giving up "
                    + "with exit code 3 (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    Properties producerConfig() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, acks);
        // Idempotence needs acks=all; with weaker acks the user chose speed over it.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, Boolean.toString("all".equals(acks) || "-1".equals(acks)));
        props.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, batchSize);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "pulse-cli" + (source == null ? "" : "-" + source));
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs + lingerMs);
        return props;
    }
}
